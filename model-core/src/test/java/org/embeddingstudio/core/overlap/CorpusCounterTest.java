package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CorpusCounterTest {
    @TempDir
    Path temp;

    @Test
    void measuresFertilityUnknownRateAndTheCopiedShareOnATinyCorpus() throws IOException {
        Path corpus = Files.writeString(temp.resolve("corpus.txt"), "\uFEFFthe cat sat on the mat.\n\nthe cats\n");
        try (Tokenizer a = TestTokenizers.wordPiece(temp.resolve("a"),
                List.of("the", "cat", "sat", "on", "mat", "##s", "."));
             Tokenizer b = TestTokenizers.wordPiece(temp.resolve("b"), List.of("the", "dog", "##s", "mat"))) {
            VocabularyOverlap overlap = VocabularyMatcher.match(a.vocabulary(), b.vocabulary(), MatchOptions.exact());
            assertEquals(8, overlap.shared()); // 5 specials, the, mat, ##s

            CorpusCoverage coverage = CorpusCounter.measure(corpus, a, b, overlap, 2);

            // A: the cat sat on the mat . | the cat ##s  — 10 tokens for 8 words
            // 23 + 8 characters (the BOM and line breaks are not text), all ASCII: as many bytes
            assertEquals(new TokenizerCoverage(8, 31, 31, 10, 0), coverage.target());
            assertEquals(1.25, coverage.target().fertility(), 1e-9);
            assertEquals(1000.0 * 10 / 31, coverage.target().tokensPerThousandCharacters(), 1e-9);
            assertEquals(3.1, coverage.target().bytesPerToken(), 1e-9);
            // B: the [UNK] [UNK] [UNK] the mat [UNK] | the [UNK]
            assertEquals(new TokenizerCoverage(8, 31, 31, 9, 5), coverage.reference());
            assertEquals(5.0 / 9, coverage.reference().unknownRate(), 1e-9);
            // copied: the ×3, mat, ##s
            assertEquals(5, coverage.copiedOccurrences());
            assertEquals(0.5, coverage.copiedShare(), 1e-9);
            assertEquals(0, coverage.falseFriendOccurrences());
            assertEquals(List.of("cat", "sat"), coverage.mostFrequentRandom().stream()
                    .map(CorpusCoverage.TokenCount::token).toList());
            assertEquals(2, coverage.mostFrequentRandom().getFirst().count());
        }
    }

    @Test
    void countsWhitespaceSeparatedWords() {
        assertEquals(3, CorpusCounter.countWords("  a\tb  c "));
        assertEquals(0, CorpusCounter.countWords(""));
    }
}
