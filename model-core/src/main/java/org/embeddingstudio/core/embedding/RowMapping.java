package org.embeddingstudio.core.embedding;

import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Which rows of a new embedding are copied from which rows of a reference embedding. Matching is by token
 * <em>string</em>, never by id, exactly as {@code adapters} intersects {@code get_vocab()} keys: two vocabularies
 * that hold the same strings under permuted ids still copy every row to its right place.
 *
 * @param targetRows    rows of the new embedding, ascending
 * @param referenceRows for each target row, the reference row it copies
 */
public record RowMapping(int[] targetRows, int[] referenceRows) {
    public RowMapping {
        if (targetRows.length != referenceRows.length) {
            throw new IllegalArgumentException("target and reference rows must pair up");
        }
    }

    /** Tokens present in both vocabularies, by identical string. */
    public static RowMapping exactMatch(Vocabulary target, Vocabulary reference) {
        int size = target.size();
        int[] targets = new int[size];
        int[] sources = new int[size];
        int count = 0;
        for (int id = 0; id < size; id++) {
            String token = target.token(id);
            if (token == null) {
                continue; // an id without a token has no counterpart: its row is drawn, never copied
            }
            OptionalInt referenceId = reference.id(token);
            if (referenceId.isPresent()) {
                targets[count] = id;
                sources[count] = referenceId.getAsInt();
                count++;
            }
        }
        return new RowMapping(Arrays.copyOf(targets, count), Arrays.copyOf(sources, count));
    }

    /** This mapping without the pairs whose reference row is {@code rows} or more (added tokens past the rows). */
    public RowMapping withReferenceRowsBelow(int rows) {
        int[] targets = new int[targetRows.length];
        int[] sources = new int[targetRows.length];
        int count = 0;
        for (int i = 0; i < targetRows.length; i++) {
            if (referenceRows[i] < rows) {
                targets[count] = targetRows[i];
                sources[count] = referenceRows[i];
                count++;
            }
        }
        return count == targetRows.length ? this
                : new RowMapping(Arrays.copyOf(targets, count), Arrays.copyOf(sources, count));
    }

    /** How many rows are copied. */
    public int size() {
        return targetRows.length;
    }
}
