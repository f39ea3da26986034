package org.embeddingstudio.core.overlap;

/** A coarse kind of token, for breaking an overlap down. The first class that applies wins, in declaration order. */
public enum TokenClass {
    SPECIAL, DIGITS, PUNCTUATION, SINGLE_CHARACTER, WORD_INITIAL, CONTINUATION;

    /** The class of a canonical piece. */
    public static TokenClass of(CanonicalPiece piece) {
        if (piece.position() == PiecePosition.SPECIAL) {
            return SPECIAL;
        }
        String text = piece.surface();
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return DIGITS;
        }
        if (!text.isEmpty() && text.codePoints().allMatch(TokenClass::isPunctuationOrSymbol)) {
            return PUNCTUATION;
        }
        if (text.codePointCount(0, text.length()) <= 1) {
            return SINGLE_CHARACTER;
        }
        return piece.position() == PiecePosition.WORD_START ? WORD_INITIAL : CONTINUATION;
    }

    static boolean isPunctuationOrSymbol(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
