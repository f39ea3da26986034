package org.embeddingstudio.core.tokenizer;

import java.util.Arrays;

/** Right-padding of an {@link Encoding}, as Hugging Face pads by default (pad type id 0, attention 0). */
final class EncodingPadding {
    private EncodingPadding() {
    }

    static Encoding padRight(Encoding encoding, int length, long padId, String padToken) {
        int from = encoding.length();
        if (from >= length) {
            return encoding;
        }
        long[] ids = Arrays.copyOf(encoding.ids(), length);
        long[] typeIds = Arrays.copyOf(encoding.typeIds(), length);
        long[] mask = Arrays.copyOf(encoding.attentionMask(), length);
        String[] tokens = Arrays.copyOf(encoding.tokens(), length);
        Arrays.fill(ids, from, length, padId);
        Arrays.fill(tokens, from, length, padToken);
        return new Encoding(ids, typeIds, mask, tokens);
    }
}
