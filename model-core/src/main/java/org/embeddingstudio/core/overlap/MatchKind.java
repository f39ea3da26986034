package org.embeddingstudio.core.overlap;

/** How one target token was paired with its reference token. */
public enum MatchKind {
    /** The same string, meaning the same position in a word. */
    EXACT,
    /** Different strings that spell the same piece once tokenizer conventions are taken off. */
    NORMALIZED,
    /** Special tokens with the same job ({@code [CLS]} ↔ {@code <s>}), whatever their spelling. */
    SPECIAL_BY_ROLE
}
