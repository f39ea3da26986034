package org.embeddingstudio.core.overlap;

/**
 * How one tokenizer cuts a corpus.
 *
 * @param words      whitespace-separated words in the corpus
 * @param characters its characters (code points), line breaks not counted
 * @param bytes      its UTF-8 bytes, line breaks not counted
 * @param tokens     tokens the tokenizer makes of it, special tokens not added
 * @param unknown    of those, unknown-token ({@code [UNK]}) occurrences
 */
public record TokenizerCoverage(long words, long characters, long bytes, long tokens, long unknown) {
    /**
     * Tokens per whitespace word; 0 for an empty corpus. Meaningless where words are not separated by spaces
     * (Japanese, Chinese, Thai): {@link #tokensPerThousandCharacters} compares there.
     */
    public double fertility() {
        return words == 0 ? 0 : (double) tokens / words;
    }

    /** Tokens per 1 000 characters, which compares tokenizers on any script; 0 for an empty corpus. */
    public double tokensPerThousandCharacters() {
        return characters == 0 ? 0 : 1000.0 * tokens / characters;
    }

    /** UTF-8 bytes per token (how much text a token carries); 0 when there are no tokens. */
    public double bytesPerToken() {
        return tokens == 0 ? 0 : (double) bytes / tokens;
    }

    /** Share of tokens that are the unknown token, 0 to 1. */
    public double unknownRate() {
        return tokens == 0 ? 0 : (double) unknown / tokens;
    }
}
