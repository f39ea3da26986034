package org.embeddingstudio.core.analysis;

import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The rows most similar to one row of an embedding, by cosine similarity. */
public final class NearestNeighbours {
    /** One neighbour: its row, its token (empty when not known) and its cosine similarity to the query row. */
    public record Neighbour(int row, String token, float cosine) {
    }

    private NearestNeighbours() {
    }

    /**
     * The {@code k} tokens nearest to {@code token} in {@code matrix}, whose rows are {@code vocabulary}'s ids.
     *
     * @throws IllegalArgumentException when the vocabulary has no such token
     */
    public static List<Neighbour> ofToken(RowMatrix matrix, Vocabulary vocabulary, String token, int k) {
        int row = vocabulary.id(token).orElseThrow(() -> new IllegalArgumentException("the vocabulary has no token '"
                + token + "'"));
        return ofRow(matrix, vocabulary, row, k);
    }

    /**
     * The {@code k} tokens nearest to row {@code row} in {@code matrix}, whose rows are {@code vocabulary}'s ids; the
     * row may be one whose id has no token. Neighbours without a token are named by {@link Vocabulary#label(int)}.
     */
    public static List<Neighbour> ofRow(RowMatrix matrix, Vocabulary vocabulary, int row, int k) {
        return of(matrix, row, k).stream()
                .map(n -> new Neighbour(n.row(), n.row() < vocabulary.size() ? vocabulary.label(n.row()) : "",
                        n.cosine()))
                .toList();
    }

    /**
     * The {@code k} rows with the highest cosine similarity to {@code row}, best first, {@code row} itself left out.
     * A zero row has similarity 0 to everything. Ties go to the lower row.
     */
    public static List<Neighbour> of(RowMatrix matrix, int row, int k) {
        if (row < 0 || row >= matrix.rows()) {
            throw new IllegalArgumentException("row " + row + " is not in 0.." + (matrix.rows() - 1));
        }
        int d = matrix.dimension();
        float[] v = matrix.values();
        double queryNorm = Math.sqrt(matrix.squaredNorm(row));
        Comparator<Neighbour> worstFirst = Comparator.comparingDouble(Neighbour::cosine)
                .thenComparing(Comparator.comparingInt(Neighbour::row).reversed());
        PriorityQueue<Neighbour> best = new PriorityQueue<>(worstFirst);
        for (int other = 0; other < matrix.rows(); other++) {
            if (other == row) {
                continue;
            }
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += (double) v[row * d + j] * v[other * d + j];
            }
            double norms = queryNorm * Math.sqrt(matrix.squaredNorm(other));
            Neighbour candidate = new Neighbour(other, "", norms == 0 ? 0f : (float) (dot / norms));
            best.add(candidate);
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Neighbour> result = new ArrayList<>(best);
        result.sort(worstFirst.reversed());
        return result;
    }
}
