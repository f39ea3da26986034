package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The OMP strategy, as mergekit's tokensurgeon: in the donor space (an embedding made for the new tokenizer), each
 * token not copied is approximated by orthogonal matching pursuit over the copied ("anchor") tokens; the same
 * coefficients applied to the anchors' <em>reference</em> rows give its new row. When the reference space is a
 * linear map of the donor space, this recovers the row exactly.
 */
final class OmpRows {
    private OmpRows() {
    }

    /**
     * @param donorRows (donor rows, E) the donor matrix; {@code donorRowOf[row]} is the donor row of new row
     *                  {@code row}, or -1
     * @param mapping   the copied rows: the anchors
     * @return how many rows were written
     */
    static int apply(NDManager manager, FloatBuffer donorRows, int donorDimension, int[] donorRowOf,
                     RowMapping mapping, FloatBuffer reference, FloatBuffer values, int dimension, byte[] origins,
                     OptionalInt pad, EmbeddingOptions options) {
        int[] anchorTargets = Arrays.stream(mapping.targetRows()).filter(row -> donorRowOf[row] >= 0).toArray();
        int[] anchorSources = new int[anchorTargets.length];
        for (int i = 0, a = 0; i < mapping.size(); i++) {
            if (donorRowOf[mapping.targetRows()[i]] >= 0) {
                anchorSources[a++] = mapping.referenceRows()[i];
            }
        }
        int[] rows = IntStream.range(0, origins.length)
                .filter(row -> origins[row] == RowOrigin.RANDOM.code() && donorRowOf[row] >= 0
                        && !(pad.isPresent() && pad.getAsInt() == row))
                .toArray();
        if (anchorTargets.length == 0 || rows.length == 0) {
            return 0;
        }
        float[] anchors = gather(donorRows, donorRowOf, anchorTargets, donorDimension);
        float[] targets = gather(donorRows, donorRowOf, rows, donorDimension);
        OrthogonalMatchingPursuit.SparseCodes codes = OrthogonalMatchingPursuit.solve(manager, anchors,
                anchorTargets.length, targets, rows.length, donorDimension, options.ompAtoms(), options.progress(),
                options.cancellation());
        int k = codes.k();
        for (int t = 0; t < rows.length; t++) {
            double[] sum = new double[dimension];
            for (int i = 0; i < codes.counts()[t]; i++) {
                int source = anchorSources[codes.indices()[t * k + i]];
                double c = codes.coefficients()[t * k + i];
                for (int j = 0; j < dimension; j++) {
                    sum[j] += c * reference.get(source * dimension + j);
                }
            }
            if (codes.counts()[t] > 0) {
                for (int j = 0; j < dimension; j++) {
                    values.put(rows[t] * dimension + j, (float) sum[j]);
                }
                origins[rows[t]] = RowOrigin.OMP.code();
            }
        }
        return (int) Arrays.stream(rows).filter(row -> origins[row] == RowOrigin.OMP.code()).count();
    }

    /** For each new row, its donor row: by token string when the donor has a tokenizer, else by id. */
    static int[] donorRowOf(Vocabulary vocabulary, TokenEmbedding donor) {
        int[] rows = new int[vocabulary.size()];
        for (int row = 0; row < rows.length; row++) {
            if (!vocabulary.hasToken(row)) {
                rows[row] = -1; // an id without a token has no counterpart in the donor either
            } else if (donor.tokenizer().isPresent()) {
                OptionalInt id = donor.tokenizer().get().vocabulary().id(vocabulary.token(row));
                rows[row] = id.isPresent() && id.getAsInt() < donor.rows() ? id.getAsInt() : -1;
            } else {
                rows[row] = row < donor.rows() ? row : -1;
            }
        }
        return rows;
    }

    private static float[] gather(FloatBuffer donorRows, int[] donorRowOf, int[] rows, int dimension) {
        float[] out = new float[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            donorRows.get(donorRowOf[rows[i]] * dimension, out, i * dimension, dimension);
        }
        return out;
    }
}
