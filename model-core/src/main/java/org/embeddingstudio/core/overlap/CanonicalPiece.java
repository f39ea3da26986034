package org.embeddingstudio.core.overlap;

import java.util.Objects;

/**
 * A token with its vocabulary's conventions taken off: the text it stands for and its position in a word. Two
 * tokens from different vocabularies mean the same thing exactly when their canonical pieces are equal.
 *
 * @param position where in a word the token stands
 * @param surface  the text, without {@code ##}, {@code Ġ}, {@code ▁} or {@code </w>}, byte-level decoded; for a
 *                 special token, the token itself
 */
public record CanonicalPiece(PiecePosition position, String surface) {
    public CanonicalPiece {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(surface, "surface");
    }

    /** A compact string form for hash lookups: one character of position, then the surface. */
    String key() {
        return position.ordinal() + surface;
    }

    /** The surface with stray bytes (see {@link PieceReader#byteString}) as their hex values, ⟨e4⟩. */
    private String shown() {
        StringBuilder text = new StringBuilder();
        surface.chars().forEach(c -> text.append(c >= PieceReader.STRAY_BYTE_BASE
                && c <= PieceReader.STRAY_BYTE_BASE + 0xFF ? String.format("⟨%02x⟩", c - PieceReader.STRAY_BYTE_BASE)
                : Character.toString(c)));
        return text.toString();
    }

    @Override
    public String toString() {
        return switch (position) {
            case SPECIAL -> "special " + surface;
            case WORD_START -> "word-initial '" + shown() + "'";
            case INSIDE_WORD -> "mid-word '" + shown() + "'";
        };
    }
}
