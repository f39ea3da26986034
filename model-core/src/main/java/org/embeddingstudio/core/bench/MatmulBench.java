package org.embeddingstudio.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/** The machine's plain fp32 matmul rate through DJL: the yardstick for the training benchmark's GFLOP/s. */
final class MatmulBench {
    static final int SIZE = 2048;

    private MatmulBench() {
    }

    /** Best of several 2048³ products, in GFLOP/s (2·n³ per product). */
    static double gflops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(SIZE, SIZE));
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(SIZE, SIZE));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 7; i++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // wait for the result
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                c.close();
            }
            return 2.0 * SIZE * SIZE * SIZE / best / 1e9;
        }
    }

    static void print() {
        System.out.println(String.format(Locale.ROOT, "matmul fp32 %d^3: %.1f GFLOP/s (best of 7)", SIZE, gflops()));
    }
}
