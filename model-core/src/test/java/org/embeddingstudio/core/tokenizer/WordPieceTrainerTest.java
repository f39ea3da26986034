package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.task.CancellationToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPieceTrainerTest {
    private static final List<String> TEXTS = List.of(
            "Der Zug fährt um acht Uhr ab. Der Zug ist pünktlich, und der Bahnsteig ist voll.",
            "Auf dem Markt kauft die Frau Äpfel, Birnen und Käse. Der Markt ist am Samstag geöffnet.",
            "Es regnet in der Stadt. Die Straßen sind nass, und die Leute tragen Schirme.",
            "Die Bäckerei im Dorf backt seit hundert Jahren Brot. Das Brot ist frisch und warm.",
            "Liebe Anna, ich schreibe dir aus dem Zug. Der Zug fährt durch Wälder und Felder.");
    @TempDir
    Path temp;

    private static WordPieceTrainer trainer(int vocabSize) {
        return WordPieceTrainer.builder().setVocabSize(vocabSize).build();
    }

    private static List<String> train(WordPieceTrainer trainer) {
        return trainer.trainVocabulary(TEXTS, fraction -> { }, CancellationToken.none());
    }

    @Test
    void theSameTextsGiveTheSameVocabulary() {
        assertEquals(train(trainer(150)), train(trainer(150)));
    }

    @Test
    void specialTokensTakeIdsZeroToFour() {
        List<String> vocabulary = train(trainer(120));
        assertEquals(WordPieceTrainer.SPECIAL_TOKENS, vocabulary.subList(0, 5));
        try (Tokenizer tokenizer = trainer(120).tokenizer(vocabulary)) {
            assertEquals(0, tokenizer.padTokenId().orElseThrow());
            assertEquals(List.of(2L, 3L), Arrays.stream(tokenizer.encode("").ids()).boxed().toList());
        }
    }

    @Test
    void theVocabularyHasTheRequestedSize() {
        assertEquals(120, train(trainer(120)).size());
    }

    @Test
    void trainingStopsWhenNoPairIsLeft() {
        List<String> vocabulary = train(trainer(100_000));
        assertTrue(vocabulary.size() < 100_000, "size " + vocabulary.size());
        assertTrue(vocabulary.contains("bahnsteig"), "every word ends up whole");
    }

    @Test
    void theMostFrequentWordsBecomeSingleTokens() {
        try (Tokenizer tokenizer = trainer(250).train(TEXTS, fraction -> { }, CancellationToken.none())) {
            for (String word : mostFrequentWords(5)) {
                assertEquals(List.of(word), List.of(tokenizer.encode(word, EncodeOptions.defaults()
                        .withSpecialTokens(false)).tokens()), word);
            }
        }
    }

    @Test
    void everyWordOfTheTrainingTextEncodesWithoutUnknownTokens() {
        try (Tokenizer tokenizer = trainer(80).train(TEXTS, fraction -> { }, CancellationToken.none())) {
            for (String text : TEXTS) {
                List<String> tokens = List.of(tokenizer.encode(text).tokens());
                assertFalse(tokens.contains("[UNK]"), tokens.toString());
            }
        }
    }

    @Test
    void theTrainerSplitsTextExactlyAsTheTrainedTokenizerDoes() {
        // Accents, ligatures, curly quotes, a no-break space, a control character and CJK ideographs: wherever the
        // Java splitter and the native normalizer disagreed, a piece would be missing and [UNK] would appear.
        List<String> odd = List.of("Ærøskøbing\u00A0café — „naïve“ Œuvre\u0007 façade! 東京都 Straße ﬁnal İstanbul");
        WordPieceTrainer trainer = WordPieceTrainer.builder().setVocabSize(50).build();
        try (Tokenizer tokenizer = trainer.train(odd, fraction -> { }, CancellationToken.none())) {
            List<String> tokens = List.of(tokenizer.encode(odd.getFirst()).tokens());
            assertFalse(tokens.contains("[UNK]"), tokens.toString());
        }
    }

    @Test
    void textIsLowerCasedAndAccentsStrippedLikeBertUncased() {
        List<String> vocabulary = train(trainer(100_000));
        assertTrue(vocabulary.contains("kase"), "Käse becomes kase");
        assertFalse(vocabulary.contains("Der"));
    }

    @Test
    void aCasedTrainerKeepsCapitalsAndAccentsAndSoDoesItsTokenizer() {
        WordPieceTrainer cased = WordPieceTrainer.builder().setVocabSize(100_000).optLowercase(false).build();
        try (Tokenizer tokenizer = cased.train(TEXTS, fraction -> { }, CancellationToken.none())) {
            assertTrue(tokenizer.vocabulary().contains("Käse"));
            assertEquals(List.of("Käse"), List.of(tokenizer.encode("Käse", EncodeOptions.defaults()
                    .withSpecialTokens(false)).tokens()));
        }
    }

    @Test
    void cancellingStopsTrainingBeforeItFinishes() {
        CancellationToken cancellation = new CancellationToken();
        List<Double> reported = new ArrayList<>();
        assertThrows(CancellationException.class, () -> trainer(200).trainVocabulary(TEXTS, fraction -> {
            reported.add(fraction);
            if (fraction > 0) {
                cancellation.cancel();
            }
        }, cancellation));
        assertFalse(reported.contains(1.0), reported.toString());
    }

    @Test
    void aWrittenVocabTxtLoadsAsTheSameVocabulary() throws Exception {
        List<String> vocabulary = train(trainer(150));
        Path file = temp.resolve("vocab.txt");
        WordPieceTrainer.writeVocabTxt(vocabulary, file);
        try (Tokenizer loaded = TokenizerLoader.load(file)) {
            assertEquals(vocabulary, loaded.vocabulary().tokens());
        }
    }

    private static List<String> mostFrequentWords(int n) {
        BertWordSplitter splitter = new BertWordSplitter(true, true);
        Map<String, Integer> counts = new HashMap<>();
        TEXTS.forEach(text -> splitter.words(text).forEach(word -> counts.merge(word, 1, Integer::sum)));
        return counts.entrySet().stream().filter(e -> Character.isLetter(e.getKey().charAt(0)))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }
}
