package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PieceReaderTest {
    private static CanonicalPiece read(Vocabulary vocabulary, String token) {
        return new PieceReader(vocabulary, MatchOptions.normalized()).read(token);
    }

    @Test
    void byteLevelTokensAreDecodedToTheTextTheyStandFor() {
        Vocabulary roberta = SmallVocabularies.byteLevelBpe();
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "café"), read(roberta, "ĠcafÃ©"));
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "é"), read(roberta, "Ã©"));
        // Half of a two-byte character has no text of its own: it stays as spelled.
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "Ã"), read(roberta, "Ã"));
    }

    @Test
    void eachConventionMarksItsOwnPositions() {
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "ing"),
                read(SmallVocabularies.wordPiece(), "##ing"));
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "##"), read(SmallVocabularies.wordPiece(), "##"));
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "ing"), read(SmallVocabularies.clip(), "ing</w>"));
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "ing"), read(SmallVocabularies.clip(), "ing"));
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "ing"),
                read(SmallVocabularies.sentencePiece(), "▁ing"));
        // A lone ▁ is a symbol, so position-free like punctuation.
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "▁"), read(SmallVocabularies.sentencePiece(), "▁"));
    }

    @Test
    void punctuationHasNoPositionBecauseBertSplitsItOff() {
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "!"), read(SmallVocabularies.byteLevelBpe(), "!"));
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "."), read(SmallVocabularies.sentencePiece(), "."));
    }

    @Test
    void specialTokensAreReadAsSpecialWhateverTheirSpelling() {
        Vocabulary bert = SmallVocabularies.wordPiece();
        assertEquals(PiecePosition.SPECIAL,
                new PieceReader(bert, MatchOptions.exact()).read(bert.id("[CLS]").orElseThrow()).position());
    }

    @Test
    void breaksTheTargetDownByClassScriptAndLength() {
        Vocabulary bert = Vocabulary.builder(new SubwordConventions(TokenizerKind.WORDPIECE, "##", "", false, ""))
                .addModelToken("the").addModelToken("##ing").addModelToken("42").addModelToken("?")
                .addModelToken("дом").addModelToken("x").build();
        Vocabulary other = Vocabulary.builder(new SubwordConventions(TokenizerKind.WORDPIECE, "##", "", false, ""))
                .addModelToken("the").addModelToken("дом").build();
        OverlapBreakdown breakdown = OverlapBreakdown.of(
                VocabularyMatcher.match(bert, other, MatchOptions.exact()), bert);
        assertEquals(new OverlapBreakdown.Counts(2, 2), breakdown.byClass().get(TokenClass.WORD_INITIAL));
        assertEquals(new OverlapBreakdown.Counts(1, 0), breakdown.byClass().get(TokenClass.CONTINUATION));
        assertEquals(new OverlapBreakdown.Counts(1, 0), breakdown.byClass().get(TokenClass.DIGITS));
        assertEquals(new OverlapBreakdown.Counts(1, 0), breakdown.byClass().get(TokenClass.PUNCTUATION));
        assertEquals(new OverlapBreakdown.Counts(1, 0), breakdown.byClass().get(TokenClass.SINGLE_CHARACTER));
        assertEquals(new OverlapBreakdown.Counts(1, 1), breakdown.byScript().get("CYRILLIC"));
        assertEquals(new OverlapBreakdown.Counts(3, 1), breakdown.byScript().get("LATIN"));
        assertEquals(new OverlapBreakdown.Counts(2, 0), breakdown.byScript().get("COMMON"));
        assertEquals(new OverlapBreakdown.Counts(3, 2), breakdown.byLength().get("3"));
    }
}
