package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.Fixtures;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overlaps of real tokenizers from the shared fixtures (skipped when absent); prints the figures for reports. */
class FixtureOverlapTest {
    private static VocabularyOverlap[] both(Tokenizer target, Tokenizer reference, String label) {
        VocabularyOverlap exact = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                MatchOptions.exact());
        VocabularyOverlap normalized = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                MatchOptions.normalized());
        System.out.printf("%s: exact shared %d, normalized shared %d (exact %d, normalized %d, by role %d), "
                        + "false friends %d of %d exact-string matches; first: %s%n", label, exact.shared(),
                normalized.shared(), normalized.count(MatchKind.EXACT), normalized.count(MatchKind.NORMALIZED),
                normalized.count(MatchKind.SPECIAL_BY_ROLE), exact.falseFriends().size(), exact.exactStringMatches(),
                exact.falseFriends().stream().limit(5).map(FalseFriend::token).toList());
        System.out.println("  " + exact.falseFriendWarning());
        return new VocabularyOverlap[] {exact, normalized};
    }

    @Test
    void bertAndSibertShareExactly1499TokenStringsWithoutFalseFriends() throws IOException {
        try (Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased"));
             Tokenizer sibert = TokenizerLoader.load(Fixtures.path("sibert"))) {
            VocabularyOverlap[] overlaps = both(sibert, bert, "sibert <- bert-base-uncased");
            assertEquals(1499, overlaps[0].shared());
            assertEquals(0, overlaps[0].falseFriends().size());
            assertTrue(overlaps[1].shared() >= 1499);
        }
    }

    @Test
    void nearlyEveryExactMatchBetweenBertAndClipIsAFalseFriend() throws IOException {
        try (Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased"));
             Tokenizer clip = TokenizerLoader.load(Fixtures.path("clip-bpe"))) {
            VocabularyOverlap[] overlaps = both(bert, clip, "bert-base-uncased <- clip-bpe");
            assertTrue(overlaps[0].falseFriends().size() > overlaps[0].exactStringMatches() / 2);
            assertTrue(overlaps[1].shared() > 10_000, "normalized matching finds the real counterparts");
            int the = bert.vocabulary().id("the").orElseThrow();
            assertTrue(overlaps[1].pairs().stream().anyMatch(p -> p.targetId() == the
                    && p.referenceToken().equals("the</w>")));
            assertEquals("the", overlaps[0].falseFriendExamples(1).getFirst().token());
        }
    }

    @Test
    void bertAgainstT5FindsWordInitialCounterpartsBehindTheSentencePieceMarker() throws IOException {
        try (Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased"));
             Tokenizer t5 = TokenizerLoader.load(Fixtures.path("t5-sentencepiece"))) {
            VocabularyOverlap[] overlaps = both(bert, t5, "bert-base-uncased <- t5");
            assertTrue(overlaps[1].shared() > overlaps[0].shared() - overlaps[0].falseFriends().size());
            int the = bert.vocabulary().id("the").orElseThrow();
            assertTrue(overlaps[1].pairs().stream().anyMatch(p -> p.targetId() == the
                    && p.referenceToken().equals("▁the")));
            VocabularyOverlap folded = VocabularyMatcher.match(bert.vocabulary(), t5.vocabulary(),
                    MatchOptions.normalized().withCaseFolding(true).withUnicodeNfkc(true));
            System.out.println("bert-base-uncased <- t5, normalized + case folding + NFKC: shared " + folded.shared());
            assertTrue(folded.shared() >= overlaps[1].shared());
        }
    }

    @Test
    void printsCoverageOfAliceForBertAndClip() throws IOException {
        try (Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased"));
             Tokenizer clip = TokenizerLoader.load(Fixtures.path("clip-bpe"))) {
            for (MatchOptions options : List.of(MatchOptions.exact(), MatchOptions.normalized())) {
                VocabularyOverlap overlap = VocabularyMatcher.match(bert.vocabulary(), clip.vocabulary(), options);
                CorpusCoverage coverage = CorpusCounter.measure(Fixtures.path("corpora/gutenberg_alice_en.txt"),
                        bert, clip, overlap, 5);
                System.out.printf("alice, bert <- clip, %s: fertility %.3f / %.3f, unk %.4f / %.4f, copied %.1f %% "
                                + "(from false friends %.1f %%), top random %s%n", options.mode(),
                        coverage.target().fertility(), coverage.reference().fertility(),
                        coverage.target().unknownRate(), coverage.reference().unknownRate(),
                        100 * coverage.copiedShare(), 100 * coverage.falseFriendShare(),
                        coverage.mostFrequentRandom().stream().map(CorpusCoverage.TokenCount::token).toList());
                assertTrue(coverage.target().fertility() > 1 && coverage.target().fertility() < 2);
            }
        }
    }
}
