package org.embeddingstudio.core.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyGapsTest {
    private static final SubwordConventions BPE = new SubwordConventions(TokenizerKind.BPE, "", "", true, "");

    @Test
    void skippedModelIdsKeepTheSizeAtTheLargestIdPlusOneAndAreReported() {
        Vocabulary vocabulary = Vocabulary.builder(BPE).addModelToken("a").skipModelId().skipModelId()
                .addModelToken("b").addAddedToken("<x>", 5, true).build();
        assertEquals(6, vocabulary.size());
        assertEquals(4, vocabulary.modelSize());
        assertEquals(3, vocabulary.tokenCount());
        assertArrayEquals(new int[] {1, 2, 4}, vocabulary.missingIds());
        assertNull(vocabulary.token(1));
        assertEquals("b", vocabulary.token(3));
        assertEquals(Arrays.asList("a", null, null, "b", null, "<x>"), vocabulary.tokens());
        assertEquals("⟨no token: id 4⟩", vocabulary.label(4));
        assertEquals("⟨no token: id 9⟩", vocabulary.label(9), "rows past the vocabulary are named the same way");
        assertFalse(vocabulary.hasToken(-1));
        assertTrue(vocabulary.toString().contains("ids without a token=3"), vocabulary.toString());
    }

    @Test
    void anAddedTokenMayTakeAnIdTheModelLeavesWithoutAToken() {
        Vocabulary vocabulary = Vocabulary.builder(BPE).addModelToken("a").skipModelId().addModelToken("b")
                .addAddedToken("<x>", 1, true).build();
        assertEquals(3, vocabulary.size());
        assertFalse(vocabulary.hasGaps());
        assertEquals(1, vocabulary.id("<x>").orElseThrow());
    }

    @Test
    void twoTokensWithOneIdAreRefused() {
        Vocabulary.Builder builder = Vocabulary.builder(BPE).addModelToken("a").addModelToken("b")
                .addAddedToken("<x>", 1, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("id 1 is used by both 'b' and '<x>'"), e.getMessage());
    }

    @Test
    void aDenseVocabularyIsUnchanged() {
        Vocabulary vocabulary = Vocabulary.builder(BPE).addModelToken("a").addModelToken("b")
                .addAddedToken("<x>", 2, true).build();
        assertEquals(List.of("a", "b", "<x>"), vocabulary.tokens());
        assertEquals(0, vocabulary.missingIds().length);
        assertEquals("b", vocabulary.label(1));
        assertEquals("Vocabulary[BPE, size=3, added=1]", vocabulary.toString());
    }
}
