package org.embeddingstudio.core.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerJsonVocabularyTest {
    @TempDir
    Path folder;

    @Test
    void vocabJsonWithMergesLoadsAsByteLevelBpeWithRobertaSpecialTokens() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBpe(folder))) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(TokenizerKind.BPE, vocabulary.kind());
            assertTrue(vocabulary.conventions().byteLevel());
            assertEquals(22, vocabulary.size());
            assertEquals("<s>", vocabulary.specialToken(SpecialTokenRole.CLS));
            assertEquals(1, tokenizer.padTokenId().orElseThrow());
            Encoding encoding = tokenizer.encode("hello world");
            assertArrayEquals(new String[] {"<s>", "hello", "Ġworld", "</s>"}, encoding.tokens());
            assertArrayEquals(new long[] {0, 15, 20, 2}, encoding.ids());
        }
    }

    @Test
    void folderWithVocabJsonAndMergesLoadsTheSameAsTheFile() throws IOException {
        SmallTokenizers.writeBpe(folder);
        try (Tokenizer fromFolder = TokenizerLoader.load(folder);
             Tokenizer fromFile = TokenizerLoader.load(folder.resolve("vocab.json"))) {
            assertEquals(fromFile.vocabulary().asMap(), fromFolder.vocabulary().asMap());
        }
    }

    @Test
    void bpePaddingUsesThePadIdOfTheVocabularyNotZero() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBpe(folder))) {
            List<Encoding> batch = tokenizer.encodeBatch(List.of("hello", "hello world"));
            assertArrayEquals(new long[] {0, 15, 2, 1}, batch.get(0).ids());
            assertArrayEquals(new long[] {1, 1, 1, 0}, batch.get(0).attentionMask());
        }
    }

    @Test
    void wordPieceTokenizerJsonCountsAnAddedTokenInItsSize() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json", SmallTokenizers.wordPieceJson("[NEW]"));
        try (Tokenizer tokenizer = TokenizerLoader.load(file)) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 1, vocabulary.size());
            assertEquals(SmallTokenizers.BERT_VOCAB.size(), vocabulary.modelSize());
            assertEquals(Set.of("[NEW]"), vocabulary.addedTokens());
            assertEquals(SmallTokenizers.BERT_VOCAB.size(), vocabulary.id("[NEW]").orElseThrow());
            // No config files: roles are inferred from the model, the post-processor and conventional spellings.
            assertEquals("[CLS]", vocabulary.specialToken(SpecialTokenRole.CLS));
            assertEquals("[PAD]", vocabulary.specialToken(SpecialTokenRole.PAD));
            assertEquals("[UNK]", vocabulary.specialToken(SpecialTokenRole.UNK));
            // A "normalized" added token is matched after lower-casing, so the id is what tells it was found.
            assertArrayEquals(new long[] {2, 8, 19, 9, 3}, tokenizer.encode("the [NEW] cat").ids());
        }
    }

    @Test
    void unigramVocabularyIdsArePositionsPlusAddedTokens() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json", SmallTokenizers.UNIGRAM_JSON);
        try (Tokenizer tokenizer = TokenizerLoader.load(file)) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(TokenizerKind.UNIGRAM, vocabulary.kind());
            assertEquals(10, vocabulary.size());
            assertEquals(9, vocabulary.modelSize());
            assertEquals(4, vocabulary.id("▁world").orElseThrow());
            assertEquals(9, vocabulary.id("<extra_id_0>").orElseThrow());
            assertEquals("▁", vocabulary.conventions().wordStartMarker());
            assertEquals("<unk>", vocabulary.specialToken(SpecialTokenRole.UNK));
            assertEquals("</s>", vocabulary.specialToken(SpecialTokenRole.EOS));
            assertArrayEquals(new String[] {"▁hello", "▁world", "</s>"}, tokenizer.encode("hello world").tokens());
        }
    }

    @Test
    void idsFollowEachFileWhenTheSameTokensArePermuted() throws IOException {
        List<String> permuted = new ArrayList<>(SmallTokenizers.BERT_VOCAB);
        Collections.shuffle(permuted, new Random(7));
        Path first = SmallTokenizers.writeBertVocab(folder.resolve("first"));
        Path second = SmallTokenizers.write(folder.resolve("second"), "vocab.txt", String.join("\n", permuted));
        try (Tokenizer a = TokenizerLoader.load(first); Tokenizer b = TokenizerLoader.load(second)) {
            assertEquals(a.vocabulary().asMap().keySet(), b.vocabulary().asMap().keySet());
            assertNotEquals(a.vocabulary().tokens(), b.vocabulary().tokens());
            for (String token : SmallTokenizers.BERT_VOCAB) {
                assertEquals(SmallTokenizers.BERT_VOCAB.indexOf(token), a.vocabulary().id(token).orElseThrow());
                assertEquals(permuted.indexOf(token), b.vocabulary().id(token).orElseThrow());
                assertEquals(token, b.vocabulary().token(permuted.indexOf(token)));
            }
            assertEquals(permuted.indexOf("cat"), b.encode("cat").ids()[1]);
        }
    }

    @Test
    void folderPrefersTokenizerJsonOverVocabTxt() throws IOException {
        SmallTokenizers.writeBertVocab(folder);
        SmallTokenizers.write(folder, "tokenizer.json", SmallTokenizers.wordPieceJson("[NEW]"));
        try (Tokenizer tokenizer = TokenizerLoader.load(folder)) {
            assertTrue(tokenizer.source().endsWith("tokenizer.json"));
            assertTrue(tokenizer.vocabulary().contains("[NEW]"));
        }
    }

    @Test
    void gpt2StyleVocabWithoutEndOfTextGetsItAppendedAndAddsNoWrapping() throws IOException {
        SmallTokenizers.write(folder, "merges.txt", "#version: 0.2\nh e\nl l\nll o\nhe llo\n");
        Path vocab = SmallTokenizers.write(folder, "vocab.json",
                "{\"h\": 0, \"e\": 1, \"l\": 2, \"o\": 3, \"he\": 4, \"ll\": 5, \"llo\": 6, \"hello\": 7}");
        try (Tokenizer tokenizer = TokenizerLoader.load(vocab)) {
            assertEquals(9, tokenizer.vocabulary().size());
            assertEquals(8, tokenizer.vocabulary().specialTokenId(SpecialTokenRole.EOS).orElseThrow());
            assertArrayEquals(new long[] {7}, tokenizer.encode("hello").ids());
        }
    }

    @Test
    void configSpecialTokenMissingFromTokenizerJsonIsAppendedAsHuggingFaceDoes() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json", SmallTokenizers.wordPieceJson("[NEW]"));
        SmallTokenizers.write(folder, "special_tokens_map.json",
                "{\"pad_token\": \"[PAD]\", \"mask_token\": \"<mask>\"}");
        try (Tokenizer tokenizer = TokenizerLoader.load(file)) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 2, vocabulary.size());
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 1, vocabulary.id("<mask>").orElseThrow());
            assertEquals("<mask>", vocabulary.specialToken(SpecialTokenRole.MASK));
            // Roles come from the config only, as in Hugging Face: nothing is guessed beside it.
            assertEquals(null, vocabulary.specialToken(SpecialTokenRole.CLS));
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 1, tokenizer.encode("the <mask>").ids()[2]);
        }
    }
}
