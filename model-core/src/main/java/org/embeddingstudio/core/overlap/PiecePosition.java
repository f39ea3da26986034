package org.embeddingstudio.core.overlap;

/** Where in a word a token stands, read from its vocabulary's spelling conventions. */
public enum PiecePosition {
    /** A special token ({@code [CLS]}, {@code </s>}); matched by role, never by spelling. */
    SPECIAL,
    /**
     * Starts a word, or is a whole word: WordPiece {@code x}, byte-level {@code Ġx}, SentencePiece {@code ▁x}, and
     * CLIP's word-final {@code x</w>} (CLIP marks word ends, not starts; its word-final form is what a whole word
     * such as {@code the} becomes, so it is the counterpart of a WordPiece word-initial token).
     */
    WORD_START,
    /**
     * Continues a word: WordPiece {@code ##x}, an unmarked BPE or SentencePiece piece, CLIP's {@code x} without
     * {@code </w>}.
     */
    INSIDE_WORD
}
