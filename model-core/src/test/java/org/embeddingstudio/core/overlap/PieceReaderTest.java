package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PieceReaderTest {
    private static CanonicalPiece read(Vocabulary vocabulary, String token) {
        return new PieceReader(vocabulary, MatchOptions.normalized()).read(token);
    }

    @Test
    void byteLevelTokensAreDecodedToTheTextTheyStandFor() {
        Vocabulary roberta = SmallVocabularies.byteLevelBpe();
        assertEquals(new CanonicalPiece(PiecePosition.WORD_START, "café"), read(roberta, "ĠcafÃ©"));
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "é"), read(roberta, "Ã©"));
        // Half of a two-byte character is a byte, spelled as SentencePiece's byte fallback spells it — not the
        // letter Ã, which a SentencePiece vocabulary holds as a character of its own.
        Vocabulary gemma = SmallVocabularies.sentencePiece();
        assertEquals(read(gemma, "<0xC3>"), read(roberta, "Ã"));
        assertNotEquals(read(gemma, "Ã"), read(roberta, "Ã"));
        assertEquals(read(gemma, "Ã"), read(roberta, "Ãĥ"), "the bytes c3 83 are the letter Ã");
        assertEquals(new CanonicalPiece(PiecePosition.INSIDE_WORD, "A"), read(gemma, "<0x41>"));
    }

    @Test
    void llama3AndGemmaStyleVocabulariesShareMoreOnceReadAsBytes() {
        Vocabulary llama3 = Vocabulary.builder(new SubwordConventions(TokenizerKind.BPE, "", "", true, ""))
                .addModelToken("Ġthe").addModelToken("the").addModelToken("ĠcafÃ©").addModelToken("æĿ")
                .addModelToken("±").addModelToken("Ġ").build();
        Vocabulary gemma = Vocabulary.builder(new SubwordConventions(TokenizerKind.BPE, "", "", false, "▁"))
                .addModelToken("▁the").addModelToken("the").addModelToken("▁café").addModelToken("<0xE6>")
                .addModelToken("<0xB1>").addModelToken("▁").build();
        assertEquals(1, VocabularyMatcher.match(gemma, llama3, MatchOptions.exact()).shared(), "naive: 'the'");
        // ▁the = Ġthe, ▁café = ĠcafÃ©, <0xB1> = ± (the byte b1), the = the; <0xE6> is one byte, æĿ two; ▁ ≠ Ġ (both
        // a lone space, yet a symbol in SentencePiece and a space in byte-level BPE).
        assertEquals(4, VocabularyMatcher.match(gemma, llama3, MatchOptions.normalized()).shared(),
                "byte-normalised");
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
