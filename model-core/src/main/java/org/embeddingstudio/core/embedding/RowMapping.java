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
            OptionalInt referenceId = reference.id(target.token(id));
            if (referenceId.isPresent()) {
                targets[count] = id;
                sources[count] = referenceId.getAsInt();
                count++;
            }
        }
        return new RowMapping(Arrays.copyOf(targets, count), Arrays.copyOf(sources, count));
    }

    /** How many rows are copied. */
    public int size() {
        return targetRows.length;
    }
}
