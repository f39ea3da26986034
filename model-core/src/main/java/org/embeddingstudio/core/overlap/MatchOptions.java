package org.embeddingstudio.core.overlap;

import java.util.Objects;

/**
 * How to match two vocabularies.
 *
 * @param mode        exact strings or convention-aware pieces
 * @param caseFolding in {@link MatchMode#NORMALIZED} mode, whether {@code The} matches {@code the}
 * @param unicodeNfkc in {@link MatchMode#NORMALIZED} mode, whether pieces are compared after Unicode NFKC
 *                    (full-width {@code ａ} matches {@code a})
 */
public record MatchOptions(MatchMode mode, boolean caseFolding, boolean unicodeNfkc) {
    public MatchOptions {
        Objects.requireNonNull(mode, "mode");
    }

    /** AdapterHub's behaviour: identical strings. */
    public static MatchOptions exact() {
        return new MatchOptions(MatchMode.EXACT, false, false);
    }

    /** Convention-aware matching without case folding or NFKC. */
    public static MatchOptions normalized() {
        return new MatchOptions(MatchMode.NORMALIZED, false, false);
    }

    /** These options with case folding on or off. */
    public MatchOptions withCaseFolding(boolean fold) {
        return new MatchOptions(mode, fold, unicodeNfkc);
    }

    /** These options with NFKC on or off. */
    public MatchOptions withUnicodeNfkc(boolean nfkc) {
        return new MatchOptions(mode, caseFolding, nfkc);
    }
}
