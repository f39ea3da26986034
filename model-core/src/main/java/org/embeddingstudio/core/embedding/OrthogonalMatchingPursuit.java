package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.task.CancellationToken;

import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

/**
 * Batch orthogonal matching pursuit (Pati et al. 1993; the Gram-matrix form of Rubinstein, Zibulevsky and Elad
 * 2008, https://www.cs.technion.ac.il/~ronrubin/Publications/KSVD-OMP-v2.pdf): each target vector x (D) is written
 * as a combination of at most k anchor vectors, chosen greedily by correlation with the residual and re-fitted by
 * least squares after every choice.
 *
 * <p>Why the Gram form: the two big products, G = A·Aᵀ (M, M) and the correlations A·x for a batch of targets
 * (B, M), are dense matrix products that PyTorch does at full speed; the per-target loop then only touches
 * G's rows of the chosen anchors (M·s per step) instead of recomputing A·r (M·D per step).
 */
public final class OrthogonalMatchingPursuit {
    /** Targets per batch: bounds the correlation block (B, M) and sets how often progress and cancel are seen. */
    static final int BATCH = 512;
    /** A residual this small, relative to the target, is an exact fit: stop adding anchors. */
    private static final double EXACT_FIT = 1e-12;

    /**
     * Sparse codes of n targets, (n, k) row-major: target t uses {@code counts[t]} anchors; entry t·k + i names
     * anchor {@code indices[t·k + i]} with weight {@code coefficients[t·k + i]} (for the unnormalised anchor).
     */
    public record SparseCodes(int k, int[] indices, float[] coefficients, int[] counts) {
    }

    private OrthogonalMatchingPursuit() {
    }

    /**
     * What {@link #solve} will cost, before it starts.
     *
     * @return the floating-point operations and a time estimate on this machine's cores
     */
    public static OmpCost estimate(int targets, int anchors, int dimension, int k) {
        return OmpCost.of(targets, anchors, dimension, Math.min(k, Math.min(anchors, dimension)),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param anchors   (M, D) row-major
     * @param targets   (N, D) row-major
     * @param k         most anchors per target
     * @param progress  told after every batch of targets
     * @param cancel    checked before every batch
     * @throws CancellationException when cancelled
     */
    public static SparseCodes solve(NDManager parent, float[] anchors, int m, float[] targets, int n, int d, int k,
                                    InitProgressListener progress, CancellationToken cancel) {
        int atoms = Math.min(k, Math.min(m, d));
        float[] inverseNorms = new float[m];
        float[] normalised = normalisedRows(anchors, m, d, inverseNorms);
        int[] indices = new int[n * atoms];
        float[] coefficients = new float[n * atoms];
        int[] counts = new int[n];
        try (NDManager manager = parent.newSubManager()) {
            NDArray a = manager.create(normalised, new Shape(m, d));
            float[] gram = a.matMul(a.transpose()).toFloatArray(); // (M, M)
            for (int start = 0; start < n; start += BATCH) {
                if (cancel.isCancelled()) {
                    throw new CancellationException("orthogonal matching pursuit cancelled after " + start
                            + " of " + n + " rows");
                }
                int size = Math.min(BATCH, n - start);
                float[] block = new float[size * d];
                System.arraycopy(targets, start * d, block, 0, size * d);
                float[] correlations;
                try (NDManager batch = manager.newSubManager()) {
                    correlations = batch.create(block, new Shape(size, d)).matMul(a.transpose()).toFloatArray();
                }
                int first = start;
                IntStream.range(0, size).parallel().forEach(t -> pursue(gram, m, correlations, t,
                        squaredNorm(block, t, d), atoms, inverseNorms, indices, coefficients, counts, first + t));
                progress.onRows(start + size, n);
            }
        }
        return new SparseCodes(atoms, indices, coefficients, counts);
    }

    private static float[] normalisedRows(float[] rows, int m, int d, float[] inverseNorms) {
        float[] out = new float[m * d];
        for (int i = 0; i < m; i++) {
            double norm = Math.sqrt(squaredNorm(rows, i, d));
            // A zero anchor correlates with nothing, so it is never chosen.
            inverseNorms[i] = norm > 0 ? (float) (1 / norm) : 0f;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = rows[i * d + j] * inverseNorms[i];
            }
        }
        return out;
    }

    private static double squaredNorm(float[] rows, int row, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double v = rows[row * d + j];
            sum += v * v;
        }
        return sum;
    }

    /** One target: greedy choice, incremental Cholesky of G over the chosen anchors, correlations from G. */
    private static void pursue(float[] gram, int m, float[] correlations, int row, double targetNorm, int k,
                               float[] inverseNorms, int[] indices, float[] coefficients, int[] counts, int out) {
        float[] alpha0 = new float[m];
        System.arraycopy(correlations, row * m, alpha0, 0, m);
        float[] alpha = alpha0.clone();
        double[] lower = new double[k * k]; // Cholesky factor of G over the chosen anchors, (k, k)
        int[] chosen = new int[k];
        double[] weights = new double[0];
        int s = 0;
        while (s < k) {
            int j = argMaxAbs(alpha);
            if (Math.abs(alpha[j]) <= 1e-7 * Math.sqrt(targetNorm) || !extend(gram, m, lower, k, chosen, s, j)) {
                break;
            }
            chosen[s++] = j;
            weights = choleskySolve(lower, k, s, alpha0, chosen);
            double explained = 0;
            for (int i = 0; i < s; i++) {
                explained += weights[i] * alpha0[chosen[i]];
            }
            System.arraycopy(alpha0, 0, alpha, 0, m);
            for (int i = 0; i < s; i++) {
                float w = (float) weights[i];
                int base = chosen[i] * m;
                for (int c = 0; c < m; c++) {
                    alpha[c] -= w * gram[base + c];
                }
            }
            if (targetNorm - explained <= EXACT_FIT * targetNorm) {
                break;
            }
        }
        counts[out] = s;
        for (int i = 0; i < s; i++) {
            indices[out * k + i] = chosen[i];
            coefficients[out * k + i] = (float) weights[i] * inverseNorms[chosen[i]];
        }
    }

    private static int argMaxAbs(float[] values) {
        int best = 0;
        float bestValue = -1;
        for (int i = 0; i < values.length; i++) {
            float v = Math.abs(values[i]);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    /** Adds anchor j as row s of the Cholesky factor; false when j is (numerically) spanned by those chosen. */
    private static boolean extend(float[] gram, int m, double[] lower, int k, int[] chosen, int s, int j) {
        double diagonal = gram[j * m + j];
        for (int i = 0; i < s; i++) {
            double v = gram[chosen[i] * m + j];
            for (int c = 0; c < i; c++) {
                v -= lower[i * k + c] * lower[s * k + c];
            }
            v /= lower[i * k + i];
            lower[s * k + i] = v;
            diagonal -= v * v;
        }
        if (diagonal <= 1e-6) {
            return false;
        }
        lower[s * k + s] = Math.sqrt(diagonal);
        return true;
    }

    /** Solves L·Lᵀ·w = alpha0[chosen] for the first s anchors. */
    private static double[] choleskySolve(double[] lower, int k, int s, float[] alpha0, int[] chosen) {
        double[] y = new double[s];
        for (int i = 0; i < s; i++) {
            double v = alpha0[chosen[i]];
            for (int c = 0; c < i; c++) {
                v -= lower[i * k + c] * y[c];
            }
            y[i] = v / lower[i * k + i];
        }
        double[] w = new double[s];
        for (int i = s - 1; i >= 0; i--) {
            double v = y[i];
            for (int c = i + 1; c < s; c++) {
                v -= lower[c * k + i] * w[c];
            }
            w[i] = v / lower[i * k + i];
        }
        return w;
    }
}
