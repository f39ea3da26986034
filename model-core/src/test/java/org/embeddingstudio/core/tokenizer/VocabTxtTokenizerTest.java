package org.embeddingstudio.core.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabTxtTokenizerTest {
    @TempDir
    Path folder;

    @Test
    void splitsWordsIntoWordPiecesBetweenClsAndSep() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            Encoding encoding = tokenizer.encode("unaffable cats");
            assertArrayEquals(new String[] {"[CLS]", "un", "##aff", "##able", "cat", "##s", "[SEP]"},
                    encoding.tokens());
            assertArrayEquals(new long[] {2, 5, 6, 7, 9, 18, 3}, encoding.ids());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1}, encoding.attentionMask());
        }
    }

    @Test
    void lowerCasesAndStripsAccentsByDefaultLikeBertTokenizer() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            assertArrayEquals(tokenizer.encode("the cat").ids(), tokenizer.encode("THÉ Cat").ids());
        }
    }

    @Test
    void keepsCaseWhenTheConfigSaysDoLowerCaseFalse() throws IOException {
        SmallTokenizers.write(folder, "tokenizer_config.json", "{\"do_lower_case\": false}");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            assertArrayEquals(new String[] {"[CLS]", "[UNK]", "cat", "[SEP]"}, tokenizer.encode("The cat").tokens());
        }
    }

    @Test
    void pairEncodingGivesTheSecondTextTypeIdOne() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            Encoding encoding = tokenizer.encode("the cat", "sat on a mat");
            assertArrayEquals(new String[] {"[CLS]", "the", "cat", "[SEP]", "sat", "on", "a", "mat", "[SEP]"},
                    encoding.tokens());
            assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, encoding.typeIds());
        }
    }

    @Test
    void batchIsPaddedToTheLongestWithPadIdAndZeroAttention() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            List<Encoding> batch = tokenizer.encodeBatch(List.of("the cat", "the cat sat on the mat"));
            assertEquals(8, batch.get(0).length());
            assertArrayEquals(new long[] {2, 8, 9, 3, 0, 0, 0, 0}, batch.get(0).ids());
            assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, 0, 0}, batch.get(0).attentionMask());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, batch.get(1).attentionMask());
            assertEquals(0, tokenizer.padTokenId().orElseThrow());
        }
    }

    @Test
    void paddingToMaxLengthAlsoTruncatesLongerTexts() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            List<Encoding> batch = tokenizer.encodeBatch(List.of("the cat", "the cat sat on the mat"),
                    EncodeOptions.defaults().paddedTo(5));
            assertArrayEquals(new long[] {2, 8, 9, 3, 0}, batch.get(0).ids());
            assertArrayEquals(new String[] {"[CLS]", "the", "cat", "sat", "[SEP]"}, batch.get(1).tokens());
        }
    }

    @Test
    void withoutSpecialTokensOnlyTheWordPiecesRemain() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            Encoding encoding = tokenizer.encode("hello world", EncodeOptions.defaults().withSpecialTokens(false));
            assertArrayEquals(new long[] {16, 17}, encoding.ids());
        }
    }

    @Test
    void truncatingBelowTheSpecialTokensIsAnIllegalArgument() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            EncodeOptions options = EncodeOptions.defaults().truncatedTo(1);
            assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("the cat", options));
        }
    }

    @Test
    void vocabularyHasBertRolesAndTheWordPiecePrefix() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(SmallTokenizers.BERT_VOCAB.size(), vocabulary.size());
            assertEquals(TokenizerKind.WORDPIECE, vocabulary.kind());
            assertEquals("##", vocabulary.conventions().continuingSubwordPrefix());
            assertEquals("[CLS]", vocabulary.specialToken(SpecialTokenRole.CLS));
            assertEquals(4, vocabulary.specialTokenId(SpecialTokenRole.MASK).orElseThrow());
            assertEquals(Set.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"),
                    vocabulary.specialTokenStrings());
            assertEquals("##aff", vocabulary.token(6));
            assertEquals(6, vocabulary.id("##aff").orElseThrow());
            assertEquals(OptionalInt.empty(), vocabulary.id("dog"));
        }
    }

    @Test
    void specialTokenMissingFromVocabTxtIsAddedAfterItLikeHuggingFace() throws IOException {
        SmallTokenizers.write(folder, "special_tokens_map.json", "{\"mask_token\": \"<mask>\"}");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            Vocabulary vocabulary = tokenizer.vocabulary();
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 1, vocabulary.size());
            assertEquals(SmallTokenizers.BERT_VOCAB.size(), vocabulary.id("<mask>").orElseThrow());
            assertEquals(Set.of("<mask>"), vocabulary.addedTokens());
            assertArrayEquals(new String[] {"[CLS]", "the", "<mask>", "[SEP]"},
                    tokenizer.encode("the <mask>").tokens());
        }
    }

    @Test
    void addedTokensJsonBesideVocabTxtExtendsTheVocabulary() throws IOException {
        SmallTokenizers.write(folder, "added_tokens.json", "{\"[NEW]\": 19}");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            assertEquals(20, tokenizer.vocabulary().size());
            assertEquals(Set.of("[NEW]"), tokenizer.vocabulary().addedTokens());
            assertArrayEquals(new long[] {2, 8, 19, 3}, tokenizer.encode("the [NEW]").ids());
        }
    }

    @Test
    void decodeJoinsWordPiecesBackIntoWords() throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder))) {
            assertEquals("unaffable cats", tokenizer.decode(tokenizer.encode("unaffable cats").ids(), true));
        }
    }

    @Test
    void encodingAfterCloseIsAnIllegalState() throws IOException {
        Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder));
        tokenizer.close();
        assertThrows(IllegalStateException.class, () -> tokenizer.encode("the cat"));
    }
}
