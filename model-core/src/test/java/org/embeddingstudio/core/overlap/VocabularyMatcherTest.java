package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.embedding.RowMapping;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyMatcherTest {
    private static Map<String, String> pairs(VocabularyOverlap overlap) {
        return overlap.pairs().stream().collect(Collectors.toMap(TokenPair::targetToken,
                p -> p.referenceToken() + "/" + p.kind()));
    }

    @Test
    void exactModeCopiesTheSameRowsAsAdapters() {
        Vocabulary bert = SmallVocabularies.wordPiece();
        Vocabulary roberta = SmallVocabularies.byteLevelBpe();
        VocabularyOverlap overlap = VocabularyMatcher.match(bert, roberta, MatchOptions.exact());
        RowMapping adapters = RowMapping.exactMatch(bert, roberta);
        assertArrayEquals(adapters.targetRows(), overlap.mapping().targetRows());
        assertArrayEquals(adapters.referenceRows(), overlap.mapping().referenceRows());
        assertEquals(2, overlap.shared()); // the, !
        assertEquals(12 - 2, overlap.onlyTarget());
        assertEquals(11 - 2, overlap.onlyReference());
    }

    @Test
    void wordInitialAgainstByteLevelMidWordIsAFalseFriendAndSaidLoudly() {
        VocabularyOverlap overlap = VocabularyMatcher.match(SmallVocabularies.wordPiece(),
                SmallVocabularies.byteLevelBpe(), MatchOptions.exact());
        assertEquals(List.of("the"), overlap.falseFriends().stream().map(FalseFriend::token).toList());
        assertEquals(2, overlap.exactStringMatches());
        assertTrue(overlap.falseFriendWarning().startsWith("WARNING: 1 of 2 exact-string matches (50.0 %)"),
                overlap.falseFriendWarning());
    }

    @Test
    void normalizedModeFollowsEachConventionAndMapsSpecialsByRole() {
        VocabularyOverlap overlap = VocabularyMatcher.match(SmallVocabularies.wordPiece(),
                SmallVocabularies.byteLevelBpe(), MatchOptions.normalized());
        assertEquals(Map.of("[PAD]", "<pad>/SPECIAL_BY_ROLE", "[UNK]", "<unk>/SPECIAL_BY_ROLE",
                "[CLS]", "<s>/SPECIAL_BY_ROLE", "[SEP]", "</s>/SPECIAL_BY_ROLE", "[MASK]", "<mask>/SPECIAL_BY_ROLE",
                "the", "Ġthe/NORMALIZED", "cat", "Ġcat/NORMALIZED", "##s", "s/NORMALIZED", "##the", "the/NORMALIZED",
                "!", "!/EXACT"), pairs(overlap));
        assertEquals(2, overlap.onlyTarget()); // 7, The
        assertEquals(1, overlap.onlyReference()); // Ġ!
    }

    @Test
    void chatTurnMarkersOfOneChatFormatPairWithThoseOfAnother() {
        SubwordConventions byteLevel = new SubwordConventions(TokenizerKind.BPE, "", "", true, "");
        Vocabulary qwen = Vocabulary.builder(byteLevel).addModelToken("Ġthe").addModelToken("<|endoftext|>")
                .addModelToken("<|im_start|>").addModelToken("<|im_end|>").markSpecial("<|im_start|>")
                .markSpecial("<|im_end|>").specialToken(SpecialTokenRole.EOS, "<|endoftext|>").build();
        Vocabulary llama3 = Vocabulary.builder(byteLevel).addModelToken("<|begin_of_text|>").addModelToken("Ġthe")
                .addModelToken("<|start_header_id|>").addModelToken("<|end_header_id|>").addModelToken("<|eot_id|>")
                .addModelToken("<|end_of_text|>").markSpecial("<|start_header_id|>").markSpecial("<|end_header_id|>")
                .markSpecial("<|eot_id|>").specialToken(SpecialTokenRole.BOS, "<|begin_of_text|>")
                .specialToken(SpecialTokenRole.EOS, "<|end_of_text|>").build();
        Map<String, String> pairs = pairs(VocabularyMatcher.match(qwen, llama3, MatchOptions.normalized()));
        assertEquals("<|start_header_id|>/SPECIAL_BY_ROLE", pairs.get("<|im_start|>"));
        assertEquals("<|eot_id|>/SPECIAL_BY_ROLE", pairs.get("<|im_end|>"));
        assertEquals("<|end_of_text|>/SPECIAL_BY_ROLE", pairs.get("<|endoftext|>"));
        assertEquals("Ġthe/EXACT", pairs.get("Ġthe"));
        assertEquals(1, VocabularyMatcher.match(qwen, llama3, MatchOptions.exact()).shared(),
                "exact mode, as adapters: strings only");
    }

    @Test
    void clipWordFinalPiecesAreTheCounterpartsOfWholeWords() {
        VocabularyOverlap overlap = VocabularyMatcher.match(SmallVocabularies.wordPiece(), SmallVocabularies.clip(),
                MatchOptions.normalized());
        Map<String, String> pairs = pairs(overlap);
        assertEquals("the</w>/NORMALIZED", pairs.get("the"));
        assertEquals("the/NORMALIZED", pairs.get("##the"));
        assertEquals("<|startoftext|>/SPECIAL_BY_ROLE", pairs.get("[CLS]"));
        assertEquals("<|endoftext|>/SPECIAL_BY_ROLE", pairs.get("[SEP]"));
        assertEquals("<|endoftext|>/SPECIAL_BY_ROLE", pairs.get("[UNK]"));
        assertEquals(List.of("the"), VocabularyMatcher.match(SmallVocabularies.wordPiece(), SmallVocabularies.clip(),
                MatchOptions.exact()).falseFriends().stream().map(FalseFriend::token).toList());
    }

    @Test
    void caseFoldingAndNfkcAreOptional() {
        Vocabulary bert = SmallVocabularies.wordPiece();
        Vocabulary t5 = SmallVocabularies.sentencePiece();
        Map<String, String> plain = pairs(VocabularyMatcher.match(bert, t5, MatchOptions.normalized()));
        assertEquals("▁the/NORMALIZED", plain.get("the"));
        assertEquals("the/NORMALIZED", plain.get("##the"));
        assertEquals(null, plain.get("cat"));
        assertEquals(null, plain.get("7"));
        Map<String, String> folded = pairs(VocabularyMatcher.match(bert, t5,
                MatchOptions.normalized().withCaseFolding(true).withUnicodeNfkc(true)));
        assertEquals("▁Cat/NORMALIZED", folded.get("cat"));
        assertEquals("▁the/NORMALIZED", folded.get("The")); // the lowest id among equal pieces
        assertEquals(null, folded.get("7")); // ７ is mid-word in T5, 7 word-initial in BERT
    }

    @Test
    void oneTargetRowMapsToAtMostOneReferenceRowPreferringTheIdenticalString() {
        VocabularyOverlap overlap = VocabularyMatcher.match(SmallVocabularies.byteLevelBpe(),
                SmallVocabularies.byteLevelBpe(), MatchOptions.normalized().withCaseFolding(true));
        int[] targets = overlap.mapping().targetRows();
        assertEquals(targets.length, Arrays.stream(targets).distinct().count());
        assertEquals(overlap.shared(), overlap.count(MatchKind.EXACT));
    }
}
