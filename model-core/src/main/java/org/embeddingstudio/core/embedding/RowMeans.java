package org.embeddingstudio.core.embedding;

import java.nio.FloatBuffer;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/** Means of reference rows, written into rows of a new matrix (FVT's per-token mean, the MEAN strategy's one). */
final class RowMeans {
    private RowMeans() {
    }

    /** Row {@code row} of {@code values} ← the mean of {@code reference}'s rows {@code sources}, summed in double. */
    static void writeMean(FloatBuffer reference, int[] sources, FloatBuffer values, int row, int dimension) {
        double[] sum = new double[dimension];
        for (int source : sources) {
            for (int j = 0; j < dimension; j++) {
                sum[j] += reference.get(source * dimension + j);
            }
        }
        for (int j = 0; j < dimension; j++) {
            values.put(row * dimension + j, (float) (sum[j] / sources.length));
        }
    }

    /**
     * The MEAN strategy: every row still {@link RowOrigin#RANDOM} but the padding row and rows of ids without a
     * token ← the mean of the first {@code referenceRows} reference rows whose ids have a token.
     *
     * @return how many rows were written
     */
    static int applyMean(FloatBuffer reference, int referenceRows, IntPredicate referenceHasToken,
                         FloatBuffer values, int dimension, byte[] origins, OptionalInt pad,
                         IntPredicate hasToken) {
        double[] sum = new double[dimension];
        int averaged = 0;
        for (int i = 0; i < referenceRows; i++) {
            if (!referenceHasToken.test(i)) {
                continue;
            }
            averaged++;
            for (int j = 0; j < dimension; j++) {
                sum[j] += reference.get(i * dimension + j);
            }
        }
        float[] mean = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            mean[j] = (float) (sum[j] / averaged);
        }
        int written = 0;
        for (int row = 0; row < origins.length; row++) {
            if (origins[row] == RowOrigin.RANDOM.code() && !(pad.isPresent() && pad.getAsInt() == row)
                    && hasToken.test(row)) {
                values.put(row * dimension, mean);
                origins[row] = RowOrigin.MEAN.code();
                written++;
            }
        }
        return written;
    }
}
