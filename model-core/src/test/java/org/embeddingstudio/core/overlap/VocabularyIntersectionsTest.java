package org.embeddingstudio.core.overlap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyIntersectionsTest {
    @Test
    void countsTokensInExactlyEachSubsetOfThreeVocabularies() {
        List<VocabularyIntersections.Subset> subsets = VocabularyIntersections.of(List.of(
                SmallVocabularies.wordPiece(), SmallVocabularies.byteLevelBpe(), SmallVocabularies.clip()),
                MatchOptions.exact());
        assertEquals(List.of(
                new VocabularyIntersections.Subset(List.of(0), 10),
                new VocabularyIntersections.Subset(List.of(1), 9),
                new VocabularyIntersections.Subset(List.of(2), 5),
                new VocabularyIntersections.Subset(List.of(0, 1), 1),     // !
                new VocabularyIntersections.Subset(List.of(0, 1, 2), 1)), // the
                subsets);
    }

    @Test
    void normalizedIntersectionsCountPiecesAndSpecialRoles() {
        List<VocabularyIntersections.Subset> subsets = VocabularyIntersections.of(List.of(
                SmallVocabularies.wordPiece(), SmallVocabularies.byteLevelBpe()), MatchOptions.normalized());
        // shared: 5 roles (PAD UNK CLS~BOS SEP~EOS MASK), word-initial the, cat, mid-word s, the, and !
        assertEquals(new VocabularyIntersections.Subset(List.of(0, 1), 10), subsets.stream()
                .filter(s -> s.members().size() == 2).findFirst().orElseThrow());
    }

    @Test
    void refusesASingleVocabulary() {
        assertThrows(IllegalArgumentException.class,
                () -> VocabularyIntersections.of(List.of(SmallVocabularies.clip()), MatchOptions.exact()));
    }
}
