package org.embeddingstudio.core.overlap;

/**
 * How one tokenizer cuts a corpus.
 *
 * @param words   whitespace-separated words in the corpus
 * @param tokens  tokens the tokenizer makes of it, special tokens not added
 * @param unknown of those, unknown-token ({@code [UNK]}) occurrences
 */
public record TokenizerCoverage(long words, long tokens, long unknown) {
    /** Tokens per whitespace word; 0 for an empty corpus. */
    public double fertility() {
        return words == 0 ? 0 : (double) tokens / words;
    }

    /** Share of tokens that are the unknown token, 0 to 1. */
    public double unknownRate() {
        return tokens == 0 ? 0 : (double) unknown / tokens;
    }
}
