package org.embeddingstudio.core.tokenizer;

import java.util.Objects;

/**
 * How to encode: the usual {@code tokenizer(texts, max_length=…, truncation=…, padding=…)} arguments of Hugging
 * Face. Truncation removes tokens from the longest text first ({@code longest_first}); padding appends the PAD
 * token on the right with type id 0 and attention 0.
 *
 * @param addSpecialTokens whether to add [CLS]/[SEP] (or the model's equivalent)
 * @param maxLength        the length to truncate or pad to; 0 when not set
 * @param truncation       whether to cut encodings longer than {@code maxLength}
 * @param padding          how to pad
 */
public record EncodeOptions(boolean addSpecialTokens, int maxLength, boolean truncation, Padding padding) {
    /** Padding strategies, as Hugging Face's {@code padding=False | "longest" | "max_length"}. */
    public enum Padding {
        NONE, LONGEST, MAX_LENGTH
    }

    public EncodeOptions {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        if ((truncation || padding == Padding.MAX_LENGTH) && maxLength == 0) {
            throw new IllegalArgumentException("truncation and padding to max length need a maxLength");
        }
        Objects.requireNonNull(padding, "padding");
    }

    /** Special tokens added, no truncation, no padding: Hugging Face's defaults. */
    public static EncodeOptions defaults() {
        return new EncodeOptions(true, 0, false, Padding.NONE);
    }

    /** These options with special tokens added or not. */
    public EncodeOptions withSpecialTokens(boolean add) {
        return new EncodeOptions(add, maxLength, truncation, padding);
    }

    /** These options truncating to {@code length} tokens (special tokens included). */
    public EncodeOptions truncatedTo(int length) {
        return new EncodeOptions(addSpecialTokens, length, true, padding);
    }

    /** These options padding every encoding of a batch to the longest one. */
    public EncodeOptions paddedToLongest() {
        return new EncodeOptions(addSpecialTokens, maxLength, truncation, Padding.LONGEST);
    }

    /** These options padding every encoding to {@code length} (and truncating longer ones to it). */
    public EncodeOptions paddedTo(int length) {
        return new EncodeOptions(addSpecialTokens, length, true, Padding.MAX_LENGTH);
    }
}
