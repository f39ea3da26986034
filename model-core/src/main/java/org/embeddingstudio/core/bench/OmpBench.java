package org.embeddingstudio.core.bench;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.embedding.OmpCost;
import org.embeddingstudio.core.embedding.OrthogonalMatchingPursuit;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tensor.GaussianFill;

import java.util.Arrays;

/**
 * The OMP initialisation's target: 30 000 new tokens against 10 000 anchors at dimension 384, k = 64, in under 5
 * minutes on 2 cores. Gaussian targets are the worst case: no row is fitted exactly early, so every row takes all
 * k steps.
 */
final class OmpBench {
    static final int TARGETS = 30_000;
    static final int ANCHORS = 10_000;
    static final int DIMENSION = 384;
    static final int K = 64;

    private OmpBench() {
    }

    static void print() {
        float[] anchors = GaussianFill.draw(ANCHORS * DIMENSION, 1, 0f, 1f);
        float[] targets = GaussianFill.draw(TARGETS * DIMENSION, 2, 0f, 1f);
        OmpCost cost = OrthogonalMatchingPursuit.estimate(TARGETS, ANCHORS, DIMENSION, K);
        System.out.printf("omp %d targets x %d anchors, dimension %d, k %d: %.1f GFLOP matmul + %.1f GFLOP pursuit,"
                        + " estimated %.0f s%n", TARGETS, ANCHORS, DIMENSION, K, cost.matmulFlops() / 1e9,
                cost.pursuitFlops() / 1e9, cost.estimatedSeconds());
        long start = System.nanoTime();
        long[] lastPrint = {start};
        try (NDManager manager = NDManager.newBaseManager()) {
            OrthogonalMatchingPursuit.SparseCodes codes = OrthogonalMatchingPursuit.solve(manager, anchors, ANCHORS,
                    targets, TARGETS, DIMENSION, K, (done, total) -> {
                        long now = System.nanoTime();
                        if (now - lastPrint[0] > 10e9 || done == total) {
                            System.out.printf("  %d/%d rows, %.1f s%n", done, total, (now - start) / 1e9);
                            lastPrint[0] = now;
                        }
                    }, CancellationToken.none());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("omp: %.1f s (%.0f rows/s, %.1f GFLOP/s), mean atoms per row %.1f%n", seconds,
                    TARGETS / seconds, cost.flops() / seconds / 1e9,
                    Arrays.stream(codes.counts()).average().orElse(0));
        }
    }
}
