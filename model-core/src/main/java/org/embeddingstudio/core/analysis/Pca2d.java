package org.embeddingstudio.core.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Principal component analysis to two dimensions of a sample of rows, for a scatter plot of an embedding space
 * (Pearson 1901; the TensorBoard Embedding Projector's default view). The top two components are found by power
 * iteration on the centred sample, without forming the (D, D) covariance.
 */
public final class Pca2d {
    private static final int ITERATIONS = 300;
    private static final double CONVERGED = 1e-12;

    /**
     * @param rows        the sampled rows, ascending
     * @param coordinates (n, 2) row-major: each sampled row's projection on the two components
     * @param variances   the variance along each component, largest first
     */
    public record Projection(int[] rows, float[] coordinates, double[] variances) {
    }

    private Pca2d() {
    }

    /**
     * Projects {@code sampleSize} rows chosen by {@code seed} (all rows when there are no more): the same seed and
     * matrix give the same projection. Each component's sign is fixed so its largest coordinate is positive.
     */
    public static Projection project(RowMatrix matrix, int sampleSize, long seed) {
        int[] rows = sample(matrix.rows(), sampleSize, seed);
        int n = rows.length;
        int d = matrix.dimension();
        double[] centred = new double[n * d];
        double[] mean = new double[d];
        for (int row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += matrix.get(row, j) / (double) n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i * d + j] = matrix.get(rows[i], j) - mean[j];
            }
        }
        double[][] components = new double[2][];
        double[] variances = new double[2];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < 2; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextDouble() - 0.5;
            }
            for (int previous = 0; previous < c; previous++) {
                subtractProjection(v, components[previous]);
            }
            normalise(v);
            double eigenvalue = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                double[] next = covarianceTimes(centred, n, d, v);
                for (int previous = 0; previous < c; previous++) {
                    subtractProjection(next, components[previous]);
                }
                double norm = Math.sqrt(dot(next, next));
                // What is left after removing the earlier components is rounding noise: there is no variance
                // along any other direction, and normalising noise would bring the earlier component back.
                if (norm <= 1e-9 * Math.max(variances[0], Double.MIN_NORMAL)) {
                    eigenvalue = 0;
                    break;
                }
                for (int j = 0; j < d; j++) {
                    next[j] /= norm;
                }
                double change = 1 - Math.abs(dot(next, v));
                v = next;
                eigenvalue = norm;
                if (change < CONVERGED) {
                    break;
                }
            }
            components[c] = v;
            variances[c] = eigenvalue;
        }
        float[] coordinates = new float[n * 2];
        for (int c = 0; c < 2; c++) {
            double largest = 0;
            for (int i = 0; i < n; i++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += centred[i * d + j] * components[c][j];
                }
                coordinates[i * 2 + c] = (float) p;
                largest = Math.abs(p) > Math.abs(largest) ? p : largest;
            }
            if (largest < 0) {
                for (int i = 0; i < n; i++) {
                    coordinates[i * 2 + c] = -coordinates[i * 2 + c];
                }
            }
        }
        return new Projection(rows, coordinates, variances);
    }

    /** Xᵀ(X v) / n: the covariance times v, in two passes over the sample. */
    private static double[] covarianceTimes(double[] x, int n, int d, double[] v) {
        double[] out = new double[d];
        for (int i = 0; i < n; i++) {
            double p = 0;
            for (int j = 0; j < d; j++) {
                p += x[i * d + j] * v[j];
            }
            for (int j = 0; j < d; j++) {
                out[j] += p * x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            out[j] /= n;
        }
        return out;
    }

    private static void subtractProjection(double[] v, double[] unit) {
        double p = dot(v, unit);
        for (int j = 0; j < v.length; j++) {
            v[j] -= p * unit[j];
        }
    }

    private static void normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int j = 0; j < v.length; j++) {
            v[j] /= norm;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    /** A seeded partial Fisher–Yates shuffle, sorted: the same seed picks the same rows. */
    static int[] sample(int rows, int size, long seed) {
        int[] ids = new int[rows];
        Arrays.setAll(ids, i -> i);
        int n = Math.min(size, rows);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(rows - i);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        int[] chosen = Arrays.copyOf(ids, n);
        Arrays.sort(chosen);
        return chosen;
    }
}
