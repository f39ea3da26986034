package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quirks of real Hub tokenizer files, each in a file written here. Every expected id is what Hugging Face tokenizers
 * 0.22 (and transformers 4.57 for vocab.txt / vocab.json) gives the same file; where that would give two tokens one
 * id, the file is refused instead, naming it.
 */
class HubVocabularyQuirksTest {
    @TempDir
    Path folder;

    /** roberta-base's vocab.json leaves 50261–50263 without a token; here 7 and 8, with {@code <mask>} after them. */
    @Test
    void vocabJsonWithMissingIdsKeepsEveryIdAndNamesTheMissingOnes() throws IOException {
        SmallTokenizers.write(folder, "merges.txt", "#version: 0.2\n");
        Path vocab = SmallTokenizers.write(folder, "vocab.json", """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "Ġa": 6, "<mask>": 9}""");
        try (Tokenizer tokenizer = TokenizerLoader.load(vocab)) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(10, vocabulary.size(), "largest id + 1");
            assertEquals(8, vocabulary.tokenCount());
            assertArrayEquals(new int[] {7, 8}, vocabulary.missingIds());
            assertTrue(vocabulary.hasGaps());
            assertNull(vocabulary.token(7));
            assertFalse(vocabulary.hasToken(8));
            assertEquals("⟨no token: id 8⟩", vocabulary.label(8));
            assertEquals("<mask>", vocabulary.label(9));
            assertEquals(9, vocabulary.specialTokenId(SpecialTokenRole.MASK).orElseThrow());
            // RobertaTokenizerFast: [0, 4, 9, 5, 2]
            assertArrayEquals(new long[] {0, 4, 9, 5, 2}, tokenizer.encode("a <mask> b").ids());
        }
    }

    /** transformers' roberta-base tokenizer_config.json declares {@code <mask>} at 50264, past the 50262 entries. */
    @Test
    void addedTokensDecoderNamingAModelTokenPastTheNumberOfEntriesKeepsItsId() throws IOException {
        SmallTokenizers.write(folder, "merges.txt", "#version: 0.2\n");
        Path vocab = SmallTokenizers.write(folder, "vocab.json", """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "Ġa": 6, "<mask>": 9}""");
        SmallTokenizers.write(folder, "tokenizer_config.json", """
                {"added_tokens_decoder": {
                  "0": {"content": "<s>", "special": true}, "1": {"content": "<pad>", "special": true},
                  "2": {"content": "</s>", "special": true}, "3": {"content": "<unk>", "special": true},
                  "9": {"content": "<mask>", "special": true, "lstrip": true}}}""");
        try (Tokenizer tokenizer = TokenizerLoader.load(vocab)) {
            assertEquals(10, tokenizer.vocabulary().size());
            assertEquals(9, tokenizer.vocabulary().id("<mask>").orElseThrow());
            assertArrayEquals(new long[] {0, 4, 9, 5, 2}, tokenizer.encode("a <mask> b").ids());
        }
    }

    @Test
    void bpeTokenizerJsonWithAGapEncodesToTheFilesIds() throws IOException {
        try (Tokenizer tokenizer = load(bpe("{\"a\": 0, \"b\": 1, \"c\": 4}", "[]"))) {
            assertEquals(5, tokenizer.vocabulary().size());
            assertArrayEquals(new int[] {2, 3}, tokenizer.vocabulary().missingIds());
            assertArrayEquals(new long[] {0, 1, 4}, tokenizer.encode("a b c").ids());
        }
    }

    @Test
    void wordPieceTokenizerJsonWithAGapEncodesToTheFilesIds() throws IOException {
        try (Tokenizer tokenizer = load(document("""
                {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                 "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "a": 1, "b": 3, "c": 4}}""", "[]"))) {
            assertArrayEquals(new int[] {2}, tokenizer.vocabulary().missingIds());
            assertArrayEquals(new long[] {1, 3, 4, 0}, tokenizer.encode("a b c d").ids());
        }
    }

    /** tokenizers ignores the ids written in added_tokens: a new token gets the number of model tokens. */
    @Test
    void addedTokenIdsAreTheOnesTokenizersGivesNotTheOnesInTheFile() throws IOException {
        String dense = "{\"a\": 0, \"b\": 1, \"c\": 2}";
        // an id a model token has, an id past a gap, and an id far beyond: tokenizers gives each 3
        for (int written : new int[] {1, 7}) {
            try (Tokenizer tokenizer = load(bpe(dense, "[" + added("<x>", written) + "]"))) {
                assertEquals(Map.of("a", 0, "b", 1, "c", 2, "<x>", 3), tokenizer.vocabulary().asMap());
                assertArrayEquals(new long[] {0, 3, 2}, tokenizer.encode("a <x> c").ids());
                assertEquals(3, tokenizer.document().get("added_tokens").get(0).get("id").asInt(),
                        "the saved document carries the id actually used");
            }
        }
        // an added token placed inside the model's gap, or past it: still the number of model tokens
        for (int written : new int[] {2, 5}) {
            try (Tokenizer tokenizer = load(bpe("{\"a\": 0, \"b\": 1, \"c\": 4}", "[" + added("<x>", written) + "]"))) {
                assertEquals(3, tokenizer.vocabulary().id("<x>").orElseThrow());
                assertArrayEquals(new int[] {2}, tokenizer.vocabulary().missingIds());
                assertArrayEquals(new long[] {0, 3, 4}, tokenizer.encode("a <x> c").ids());
            }
        }
    }

    @Test
    void addedTokenTheModelHasKeepsTheModelsIdWhateverTheFileSays() throws IOException {
        try (Tokenizer tokenizer = load(bpe("{\"a\": 0, \"b\": 1, \"c\": 2}", "[" + added("b", 5) + "]"))) {
            assertEquals(3, tokenizer.vocabulary().size());
            assertEquals(1, tokenizer.vocabulary().id("b").orElseThrow());
            assertTrue(tokenizer.vocabulary().isSpecial("b"));
            assertArrayEquals(new long[] {0, 1, 2}, tokenizer.encode("a b c").ids());
        }
    }

    @Test
    void addedTokensSharingAnIdOrRepeatedGetTheNextIdsOrTheFirstOnes() throws IOException {
        String dense = "{\"a\": 0, \"b\": 1, \"c\": 2}";
        try (Tokenizer tokenizer = load(bpe(dense, "[" + added("<x>", 3) + ", " + added("<y>", 3) + "]"))) {
            assertArrayEquals(new long[] {0, 3, 4, 2}, tokenizer.encode("a <x> <y> c").ids());
            assertEquals(4, tokenizer.vocabulary().id("<y>").orElseThrow());
        }
        try (Tokenizer tokenizer = load(bpe(dense, "[" + added("<x>", 3) + ", " + added("<x>", 4) + "]"))) {
            assertEquals(4, tokenizer.vocabulary().size());
            assertArrayEquals(new long[] {0, 3, 2}, tokenizer.encode("a <x> c").ids());
        }
    }

    @Test
    void emptyAddedTokenIsSkippedAndAWhitespaceOneKept() throws IOException {
        String dense = "{\"a\": 0, \"b\": 1, \"c\": 2}";
        try (Tokenizer tokenizer = load(bpe(dense, "[" + added("", 3) + "]"))) {
            assertEquals(3, tokenizer.vocabulary().size());
            assertArrayEquals(new long[] {0, 2}, tokenizer.encode("a c").ids());
        }
        try (Tokenizer tokenizer = load(bpe(dense, "[" + added(" ", 3) + "]"))) {
            assertEquals(3, tokenizer.vocabulary().id(" ").orElseThrow());
            assertArrayEquals(new long[] {0, 3, 2}, tokenizer.encode("a c").ids());
        }
    }

    @Test
    void emptyAndWhitespaceTokensInTheModelVocabularyAreKept() throws IOException {
        try (Tokenizer tokenizer = load(bpe("{\"a\": 0, \"b\": 1, \"c\": 2, \"\": 3, \" \": 4, \"a b\": 5}", "[]"))) {
            assertEquals(6, tokenizer.vocabulary().size());
            assertEquals(3, tokenizer.vocabulary().id("").orElseThrow());
            assertEquals(5, tokenizer.vocabulary().id("a b").orElseThrow());
            assertArrayEquals(new long[] {0, 2}, tokenizer.encode("a c").ids());
        }
    }

    /** After a gap the number of model tokens is a model token's id: tokenizers would give '<x>' and 'c' id 3. */
    @Test
    void addedTokenThatTokenizersWouldGiveAModelTokensIdIsRefused() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json",
                bpe("{\"a\": 0, \"b\": 1, \"c\": 3}", "[" + added("<x>", 4) + "]"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> TokenizerLoader.load(file).close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("'<x>' would get the id 3"), e.getMessage());
        assertTrue(e.getMessage().contains("to 'c'"), e.getMessage());
    }

    /**
     * A vocab.txt that repeats a line: transformers' load_vocab keeps the later line, so the earlier id has no
     * token. Lines with a trailing space or empty lines are tokens as they are.
     */
    @Test
    void vocabTxtWithARepeatedLineLeavesTheEarlierIdWithoutAToken() throws IOException {
        Path vocab = SmallTokenizers.write(folder, "vocab.txt",
                "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nb\na\nc \n\nd\n");
        try (Tokenizer tokenizer = TokenizerLoader.load(vocab)) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(11, vocabulary.size());
            assertArrayEquals(new int[] {5}, vocabulary.missingIds());
            assertEquals(7, vocabulary.id("a").orElseThrow());
            assertEquals(8, vocabulary.id("c ").orElseThrow());
            assertEquals(9, vocabulary.id("").orElseThrow());
            // BertTokenizerFast: [2, 7, 6, 10, 3]
            assertArrayEquals(new long[] {2, 7, 6, 10, 3}, tokenizer.encode("a b d").ids());
        }
    }

    /** transformers would give [SEP] the id 3 of the repeated 'a' and encode every 'a' as [SEP]. */
    @Test
    void vocabTxtWhoseRepeatedLineMakesASpecialTokenShareAnIdIsRefused() throws IOException {
        Path vocab = SmallTokenizers.write(folder, "vocab.txt", "[UNK]\na\nb\na\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> TokenizerLoader.load(vocab).close());
        assertEquals(vocab, e.file());
        assertTrue(e.getMessage().contains("'[SEP]' would get the id 3"), e.getMessage());
        assertTrue(e.getMessage().contains("share one id"), e.getMessage());
    }

    /** A special token the vocab.json lacks gets the number of model tokens, which may be an id in a gap. */
    @Test
    void specialTokenMissingFromAGappedVocabJsonTakesTheIdTransformersGivesIt() throws IOException {
        SmallTokenizers.write(folder, "merges.txt", "#version: 0.2\n");
        Path vocab = SmallTokenizers.write(folder, "vocab.json", """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "Ġa": 6, "c": 9}""");
        try (Tokenizer tokenizer = TokenizerLoader.load(vocab)) {
            assertEquals(8, tokenizer.vocabulary().id("<mask>").orElseThrow());
            assertArrayEquals(new int[] {7}, tokenizer.vocabulary().missingIds());
            // RobertaTokenizerFast: [0, 4, 8, 9, 2]
            assertArrayEquals(new long[] {0, 4, 8, 9, 2}, tokenizer.encode("a <mask> c").ids());
        }
        Path colliding = SmallTokenizers.write(folder, "vocab.json", """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "c": 7}""");
        FileFormatException e = assertThrows(FileFormatException.class, () -> TokenizerLoader.load(colliding).close());
        assertEquals(colliding, e.file());
        assertTrue(e.getMessage().contains("'<mask>' would get the id 7"), e.getMessage());
    }

    /** tokenizers loads a vocabulary whose ids run into the billions; we refuse it before allocating rows. */
    @Test
    void idFarPastTheNumberOfTokensIsRefused() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json",
                bpe("{\"a\": 0, \"b\": 1, \"c\": 2147483647}", "[]"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> TokenizerLoader.load(file).close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("the id 2147483647 but has only 3 tokens"), e.getMessage());
    }

    @Test
    void denseVocabularyHasNoMissingIds() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            assertFalse(tokenizer.vocabulary().hasGaps());
            assertEquals(tokenizer.vocabulary().size(), tokenizer.vocabulary().tokenCount());
        }
    }

    private Tokenizer load(String json) throws IOException {
        return TokenizerLoader.load(SmallTokenizers.write(folder, "tokenizer.json", json));
    }

    private static String bpe(String vocab, String addedTokens) {
        return document("""
                {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                 "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false, "vocab": %s, "merges": []}"""
                .formatted(vocab), addedTokens);
    }

    private static String document(String model, String addedTokens) {
        return """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": %s, "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null, "model": %s}"""
                .formatted(addedTokens, model);
    }

    private static String added(String content, int id) {
        return """
                {"id": %d, "content": "%s", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true}""".formatted(id, content);
    }
}
