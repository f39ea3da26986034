package org.embeddingstudio.core.tokenizer;

import java.util.Arrays;

/**
 * One encoded text (or text pair), all arrays of the same length T.
 *
 * @param ids           token ids, (T)
 * @param typeIds       segment ids: 0 for the first text, 1 for the second of a BERT pair, (T)
 * @param attentionMask 1 for real tokens, 0 for padding, (T)
 * @param tokens        the token strings, padding included, (T)
 */
public record Encoding(long[] ids, long[] typeIds, long[] attentionMask, String[] tokens) {
    public Encoding {
        int length = ids.length;
        if (typeIds.length != length || attentionMask.length != length || tokens.length != length) {
            throw new IllegalArgumentException("ids, typeIds, attentionMask and tokens must have the same length");
        }
    }

    /** Number of positions T, padding included. */
    public int length() {
        return ids.length;
    }

    // Records compare arrays by reference; encodings are compared by content in tests and caches.
    @Override
    public boolean equals(Object other) {
        return other instanceof Encoding that
                && Arrays.equals(ids, that.ids) && Arrays.equals(typeIds, that.typeIds)
                && Arrays.equals(attentionMask, that.attentionMask) && Arrays.equals(tokens, that.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Encoding[tokens=" + Arrays.toString(tokens) + ", ids=" + Arrays.toString(ids)
                + ", typeIds=" + Arrays.toString(typeIds) + ", attentionMask=" + Arrays.toString(attentionMask) + "]";
    }
}
