package org.embeddingstudio.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/**
 * What NativeMemory's settings are for, in isolation: allocate, fill and free a 125 MB tensor (the size of BERT's
 * masked-LM logits for 8 × 128 tokens) and a 31 MB one (its embedding gradient) over and over, as a training loop
 * does. With glibc's defaults each allocation is fresh memory from the kernel, paid for again on first touch; with
 * freed memory kept it is reused.
 */
final class AllocationBench {
    static final int ROUNDS = 20;

    private AllocationBench() {
    }

    static void print() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (long floats : new long[]{8L * 128 * 30_522, 30_522L * 256}) {
                double best = Double.MAX_VALUE;
                double total = 0;
                long faults = ResidentMemory.minorFaults();
                for (int round = 0; round < ROUNDS; round++) {
                    long start = System.nanoTime();
                    try (NDArray array = manager.ones(new Shape(floats))) {
                        array.getFloat(floats - 1);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    best = Math.min(best, seconds);
                    total += seconds;
                }
                faults = ResidentMemory.minorFaults() - faults;
                double gigabytes = floats * 4 / 1e9;
                // 4 KiB pages: one fault per page means every round got fresh memory from the kernel.
                System.out.printf(Locale.ROOT, "allocate+fill+free %.0f MB × %d: mean %.1f ms = %.2f GB/s, "
                        + "best %.1f ms; %.0f page faults per round (%.0f would be all fresh 4 KiB pages)%n",
                        gigabytes * 1e3, ROUNDS, total / ROUNDS * 1e3, gigabytes / (total / ROUNDS), best * 1e3,
                        (double) faults / ROUNDS, floats * 4 / 4096.0);
            }
        }
    }
}
