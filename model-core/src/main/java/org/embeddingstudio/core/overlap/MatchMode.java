package org.embeddingstudio.core.overlap;

/** How token strings of two vocabularies are paired. */
public enum MatchMode {
    /** Identical strings only, as AdapterHub {@code adapters} does: {@code set(a.get_vocab()) & set(b.get_vocab())}. */
    EXACT,
    /**
     * Pieces that mean the same position in a word: {@code ##x} (WordPiece) ↔ a non-initial {@code x} (BPE,
     * SentencePiece), {@code Ġx}/{@code ▁x} ↔ a WordPiece word-initial {@code x}, special tokens by role; and
     * byte-normalised: byte-level BPE's tokens and SentencePiece's byte fallback ({@code <0xE3>}) compared as the
     * bytes they stand for, pieces of multi-byte characters included (as tokenkit compares Gemma's and Llama 3's).
     */
    NORMALIZED
}
