package org.embeddingstudio.core.tokenizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Tokens as a researcher reads them in Overlap, Tokenize and the CLI, whatever alphabet the vocabulary spells. */
class ReadableTokenTest {
    static final SubwordConventions BYTE_LEVEL = new SubwordConventions(TokenizerKind.BPE, "", "", true, "");
    static final SubwordConventions SENTENCEPIECE = new SubwordConventions(TokenizerKind.UNIGRAM, "", "", false, "▁");
    static final SubwordConventions WORDPIECE = new SubwordConventions(TokenizerKind.WORDPIECE, "##", "", false, "");

    @Test
    void byteLevelTokensAreDecodedWithTheSpaceMarked() {
        assertEquals("␣the", ReadableToken.of("Ġthe", BYTE_LEVEL));
        assertEquals("ür", ReadableToken.of("Ã¼r", BYTE_LEVEL));
        assertEquals("␣Königin", ReadableToken.of(ByteLevelAlphabet.encode(" Königin"), BYTE_LEVEL));
        assertEquals("↵↵", ReadableToken.of("ĊĊ", BYTE_LEVEL));
        assertEquals("␣", ReadableToken.of("Ġ", BYTE_LEVEL));
    }

    @Test
    void piecesOfAMultiByteCharacterShowTheirBytes() {
        // "あ" is e3 81 82: Japanese byte-level vocabularies hold its first two bytes as one token.
        assertEquals("⟨e3 81⟩", ReadableToken.of("ãģ", BYTE_LEVEL));
        assertEquals("⟨82⟩", ReadableToken.of("Ĥ", BYTE_LEVEL));
        assertEquals("␣あ", ReadableToken.of("ĠãģĤ", BYTE_LEVEL));
        assertEquals("a⟨e3 81⟩", ReadableToken.of("aãģ", BYTE_LEVEL));
        assertEquals("⟨00⟩", ReadableToken.of(String.valueOf(ByteLevelAlphabet.symbol(0)), BYTE_LEVEL));
    }

    @Test
    void specialTokensAndTokensOutsideTheAlphabetStayAsTheyAre() {
        assertEquals("<|endoftext|>", ReadableToken.of("<|endoftext|>", BYTE_LEVEL));
        assertEquals("日本", ReadableToken.of("日本", BYTE_LEVEL), "an added token in plain text");
        assertNull(ReadableToken.of(null, BYTE_LEVEL));
    }

    @Test
    void sentencePieceMarksAndByteFallbackAreDecoded() {
        assertEquals("␣the", ReadableToken.of("▁the", SENTENCEPIECE));
        assertEquals("⟨e3⟩", ReadableToken.of("<0xE3>", SENTENCEPIECE));
        assertEquals("↵", ReadableToken.of("<0x0A>", SENTENCEPIECE));
        assertEquals("A", ReadableToken.of("<0x41>", SENTENCEPIECE));
        assertEquals("<unk>", ReadableToken.of("<unk>", SENTENCEPIECE));
    }

    @Test
    void wordPieceTokensAreAlreadyReadable() {
        assertEquals("##ing", ReadableToken.of("##ing", WORDPIECE));
        assertEquals("[CLS]", ReadableToken.of("[CLS]", WORDPIECE));
    }

    @Test
    void generatedTextShowsItsWhitespaceAsTokensDo() {
        assertEquals("␣der␣Hund↵⇥", ReadableToken.visibleWhitespace(" der Hund\n\t"));
        assertEquals("ü⟨1b⟩", ReadableToken.visibleWhitespace("ü\u001b"));
        assertEquals("⟨a1⟩", ReadableToken.visibleWhitespace("⟨a1⟩"), "bytes already shown as hex stay so");
    }
}
