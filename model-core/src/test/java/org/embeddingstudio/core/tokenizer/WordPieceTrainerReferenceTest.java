package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.Fixtures;
import org.embeddingstudio.core.task.CancellationToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The trainer against Hugging Face's own: the files in reference/wordpiece-hf are vocabularies trained by tokenizers
 * 0.22.2's {@code WordPieceTrainer} (src/test/python/make_wordpiece_reference.py), two runs per case. Hugging Face
 * numbers the {@code ##c} symbols in a hash order that changes per run; each run is replayed with that order, and
 * must then give the same vocabulary token for token.
 */
class WordPieceTrainerReferenceTest {
    private static final Path REFERENCE = Path.of("src/test/resources/reference/wordpiece-hf");
    private static final String GERMAN = "corpora/leipzig_deu_wikipedia_2021_10K-sentences.txt";

    /** Mixed-script corpus: English, German, Sinhala, CJK, Cyrillic, Greek, emoji, digits, odd spaces. */
    @ParameterizedTest
    @CsvSource({"mixed-400, 400, 0, -1, ''", "mixed-300-options, 300, 2, 73, xyzäöüq"})
    void replaysHuggingFaceRunsOnTheMixedCorpus(String name, int size, long minFrequency, int limit, String initial)
            throws IOException {
        assertReplays(name, CorpusLines.read(REFERENCE.resolve("corpus.txt")), size, minFrequency, limit, initial);
    }

    /** The German Leipzig sample (skipped without shared/fixtures), as the CLI reads it: "id<TAB>sentence". */
    @ParameterizedTest
    @CsvSource({"german-8000, 8000, 0, -1, ''", "german-3000-options, 3000, 3, 71, äöüßq"})
    void replaysHuggingFaceRunsOnGermanWikipedia(String name, int size, long minFrequency, int limit, String initial)
            throws IOException {
        assertReplays(name, CorpusLines.read(Fixtures.path(GERMAN)), size, minFrequency, limit, initial);
    }

    @Test
    void huggingFaceRunsDifferOnlyInTheirHashOrder() throws IOException {
        List<String> first = reference("mixed-400", 1);
        List<String> second = reference("mixed-400", 2);
        assertNotEquals(first, second, "the reference runs should show Hugging Face's run-to-run order");
        int alphabetEnd = alphabetEnd(first);
        assertEquals(first.subList(0, alphabetEnd), second.subList(0, alphabetEnd), "specials and alphabet");
        assertEquals(first.size(), second.size());
    }

    @Test
    void withoutAGivenOrderTheContinuationSymbolsFollowTheWordsAsFirstSeen() {
        WordPieceTrainer trainer = WordPieceTrainer.builder().setVocabSize(1000).build();
        List<String> vocabulary = trainer.trainVocabulary(List.of("zba ab"), fraction -> { }, CancellationToken.none());
        // Alphabet a b z (ids 5-7); "zba" gives ##b (8), ##a (9); "ab" adds nothing new. Pairs z·##b, ##b·##a and
        // a·##b occur once each: the smallest ids go first (a·##b = 5·8, then z·##b = 7·8), then zb·##a.
        assertEquals(List.of("a", "b", "z", "##b", "##a", "ab", "zb", "zba"),
                vocabulary.subList(WordPieceTrainer.SPECIAL_TOKENS.size(), vocabulary.size()));
    }

    private static void assertReplays(String name, List<String> texts, int size, long minFrequency, int limit,
                                      String initial) throws IOException {
        WordPieceTrainer.Builder builder = WordPieceTrainer.builder().setVocabSize(size).optMinFrequency(minFrequency)
                .optInitialAlphabet(initial);
        if (limit >= 0) {
            builder.optLimitAlphabet(limit);
        }
        WordPieceTrainer trainer = builder.build();
        for (int run = 1; run <= 2; run++) {
            List<String> theirs = reference(name, run);
            List<String> ours = trainer.trainVocabulary(texts, continuationBlock(theirs), fraction -> { },
                    CancellationToken.none());
            for (int id = 0; id < Math.min(theirs.size(), ours.size()); id++) {
                assertEquals(theirs.get(id), ours.get(id), name + " run " + run + ": token " + id);
            }
            assertEquals(theirs.size(), ours.size(), name + " run " + run + ": size, after "
                    + ours.subList(Math.max(0, ours.size() - 5), ours.size()));
        }
    }

    private static List<String> reference(String name, int run) throws IOException {
        return Files.readAllLines(REFERENCE.resolve(name + ".run" + run + ".txt"), StandardCharsets.UTF_8);
    }

    /** The special tokens and the alphabet: single characters after the specials. */
    private static int alphabetEnd(List<String> vocabulary) {
        int i = WordPieceTrainer.SPECIAL_TOKENS.size();
        while (i < vocabulary.size() && vocabulary.get(i).codePointCount(0, vocabulary.get(i).length()) == 1) {
            i++;
        }
        return i;
    }

    /** The {@code ##c} symbols that follow the alphabet, before the first merged token. */
    private static List<String> continuationBlock(List<String> vocabulary) {
        List<String> block = new ArrayList<>();
        for (int i = alphabetEnd(vocabulary); i < vocabulary.size(); i++) {
            String token = vocabulary.get(i);
            if (!token.startsWith("##") || token.codePointCount(2, token.length()) != 1) {
                break;
            }
            block.add(token);
        }
        return block;
    }
}
