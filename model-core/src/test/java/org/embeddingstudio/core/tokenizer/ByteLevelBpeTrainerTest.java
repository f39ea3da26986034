package org.embeddingstudio.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.Fixtures;
import org.embeddingstudio.core.task.CancellationToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

class ByteLevelBpeTrainerTest {
    /** 5 specials + 256 byte symbols. */
    private static final int BASE = 261;
    private static final List<String> TEXTS = List.of(
            "Der Zug fährt um acht Uhr ab. Der Zug ist pünktlich, und der Bahnsteig ist voll.",
            "Auf dem Markt kauft die Frau Äpfel, Birnen und Käse. Der Markt ist am Samstag geöffnet.",
            "Es regnet in der Stadt. Die Straßen sind nass, und die Leute tragen Schirme.",
            "Die Bäckerei im Dorf backt seit hundert Jahren Brot. Das Brot ist frisch und warm.",
            "Liebe Anna, ich schreibe dir aus dem Zug. Der Zug fährt durch Wälder und Felder.");
    private static final EncodeOptions NO_SPECIALS = EncodeOptions.defaults().withSpecialTokens(false);

    @TempDir
    Path temp;

    private static ByteLevelBpeTrainer trainer(int vocabSize) {
        return ByteLevelBpeTrainer.builder().setVocabSize(vocabSize).build();
    }

    private static ByteLevelBpeTrainer.Model train(ByteLevelBpeTrainer trainer, List<String> texts) {
        return trainer.trainModel(texts, fraction -> { }, CancellationToken.none());
    }

    @Test
    void theFirstMergesAreTheMostFrequentPairsCountedByHand() {
        // Words: "aaab" (no space before it), "Ġaab", "Ġab". Pairs: a·a 2+1 = 3, a·b 1+1+1 = 3, Ġ·a 2.
        // 1. a·a and a·b tie at 3; the smaller ids win (a·a). Words: aa a b | Ġ aa b | Ġ a b.
        // 2. a·b 2 (aa a b, Ġ a b); the rest 1.                Words: aa ab | Ġ aa b | Ġ ab.
        // 3-6. all pairs 1; Ġ (id 225) sorts before aa (261) and ab (262): Ġ·aa, Ġ·ab, then aa·ab, then Ġaa·b.
        ByteLevelBpeTrainer.Model model = train(trainer(1000), List.of("aaab aab ab"));
        assertEquals(List.of("a a", "a b", "Ġ aa", "Ġ ab", "aa ab", "Ġaa b"), model.merges());
        assertEquals(List.of("aa", "ab", "Ġaa", "Ġab", "aaab", "Ġaab"),
                model.vocabulary().subList(BASE, model.vocabulary().size()), "every word is whole: nothing left");
        assertEquals(ByteLevelBpeTrainer.ROBERTA_SPECIAL_TOKENS, model.vocabulary().subList(0, 5));
        assertEquals(List.of("!", "\"", "#"), model.vocabulary().subList(5, 8), "GPT-2's byte order");
        assertEquals(225, model.vocabulary().indexOf("Ġ"));
    }

    @Test
    void trainsTheVocabularyAndMergesHuggingFacesBpeTrainerTrains() throws IOException {
        // tokenizer.json is the output of tokenizers 0.23.2 (src/test/python/make_bpe_reference.py) on corpus.txt:
        // English, German, Sinhala, CJK, emoji, digits, contractions and runs of spaces and tabs.
        Path reference = Path.of("src/test/resources/reference/bpe-hf");
        List<String> lines = Files.readAllLines(reference.resolve("corpus.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        JsonNode theirs = TokenizerJson.MAPPER.readTree(reference.resolve("tokenizer.json").toFile());
        List<String> theirMerges = new ArrayList<>();
        theirs.at("/model/merges").forEach(pair -> theirMerges.add(pair.get(0).asText() + " " + pair.get(1).asText()));
        ByteLevelBpeTrainer trainer = trainer(700);
        ByteLevelBpeTrainer.Model model = train(trainer, lines);
        assertEquals(ModelVocabularyReader.tokensById(reference, theirs.at("/model/vocab"), "vocab"),
                model.vocabulary());
        assertEquals(theirMerges, model.merges());
        // Their file writes merges as pairs, as tokenizers 0.20 and later do; DJL's 0.21 library reads it.
        try (Tokenizer hf = TokenizerLoader.load(reference.resolve("tokenizer.json"));
             Tokenizer ours = trainer.tokenizer(model)) {
            for (String line : lines) {
                assertEquals(List.of(hf.encode(line, NO_SPECIALS).tokens()),
                        List.of(ours.encode(line, NO_SPECIALS).tokens()), line);
            }
        }
    }

    @Test
    void theVocabularySizeStopsTraining() {
        ByteLevelBpeTrainer.Model model = train(trainer(BASE + 2), List.of("aaab aab ab"));
        assertEquals(List.of("a a", "a b"), model.merges());
        assertEquals(BASE + 2, model.vocabulary().size());
    }

    @Test
    void aPairRarerThanTheMinimumFrequencyIsNeverMerged() {
        // a·a occurs 3 times; after it, a·b is left with 2.
        ByteLevelBpeTrainer trainer = ByteLevelBpeTrainer.builder().setVocabSize(1000).optMinFrequency(3).build();
        assertEquals(List.of("a a"), train(trainer, List.of("aaab aab ab")).merges());
    }

    @Test
    void aMergeThatSpellsASpecialTokenReusesItsId() {
        ByteLevelBpeTrainer trainer = ByteLevelBpeTrainer.builder().setVocabSize(1000)
                .optSpecialTokens(List.of("<s>", "</s>", "ab")).build();
        ByteLevelBpeTrainer.Model model = train(trainer, List.of("ab ab ab"));
        assertEquals(List.of("a b", "Ġ ab"), model.merges());
        assertEquals(2, model.vocabulary().indexOf("ab"));
        assertEquals(List.of("Ġab"), model.vocabulary().subList(3 + 256, model.vocabulary().size()),
                "'ab' is not added a second time");
        try (Tokenizer tokenizer = trainer.tokenizer(model)) {
            // A special token is cut out of the text before the BPE model sees the rest.
            assertEquals(List.of("ab", "Ġ", "ab"), List.of(tokenizer.encode("ab ab", NO_SPECIALS).tokens()));
            assertTrue(tokenizer.vocabulary().isSpecial("ab"));
        }
    }

    @Test
    void theSameTextsGiveTheSameModel() {
        assertEquals(train(trainer(400), TEXTS), train(trainer(400), TEXTS));
    }

    @Test
    void theVocabularyHasTheRequestedSizeAndTheFrequentWordsBecomeTokens() {
        ByteLevelBpeTrainer.Model model = train(trainer(400), TEXTS);
        assertEquals(400, model.vocabulary().size());
        assertTrue(model.vocabulary().containsAll(List.of("ĠZug", "Ġund", "Ġist", "Der")), model.vocabulary()
                .subList(BASE, 400).toString());
    }

    @Test
    void aTooSmallVocabularySizeIsRefusedWithTheMinimum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteLevelBpeTrainer.builder().setVocabSize(260).build());
        assertTrue(e.getMessage().contains("at least 261"), e.getMessage());
    }

    @Test
    void djlEncodesAsTheTrainedMergesPredict() throws IOException {
        ByteLevelBpeTrainer trainer = trainer(420);
        ByteLevelBpeTrainer.Model model = train(trainer, TEXTS);
        Path folder = temp.resolve("bpe");
        try (Tokenizer tokenizer = trainer.tokenizer(model)) {
            tokenizer.saveTo(folder);
        }
        List<String> sentences = List.of("Der Zug fährt morgen um neun Uhr ab.", "  Zwei  Leerzeichen,\tein Tab!",
                "Käse, Äpfel und Brötchen: 12 Stück für 3,50 €.", "Die Straße's Bäume");
        try (Tokenizer loaded = TokenizerLoader.load(folder);
             HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
                     Map.of("addSpecialTokens", "false"))) {
            for (String sentence : sentences) {
                List<String> expected = ReferenceBpe.encode(model, sentence);
                assertEquals(expected, List.of(loaded.encode(sentence, NO_SPECIALS).tokens()), sentence);
                assertEquals(expected, List.of(djl.encode(sentence).getTokens()), sentence);
                long[] ids = loaded.encode(sentence, NO_SPECIALS).ids();
                assertEquals(expected.stream().map(model.vocabulary()::indexOf).map(Long::valueOf).toList(),
                        Arrays.stream(ids).boxed().toList());
                assertEquals(sentence, loaded.decode(ids, true));
            }
        }
    }

    @Test
    void theSavedTokenizerIsARobertaStyleByteLevelBpe() throws IOException {
        Path folder = temp.resolve("bpe");
        ByteLevelBpeTrainer.Model model = train(trainer(300), TEXTS);
        try (Tokenizer tokenizer = trainer(300).tokenizer(model)) {
            tokenizer.saveTo(folder);
        }
        JsonNode document = TokenizerJson.MAPPER.readTree(folder.resolve("tokenizer.json").toFile());
        assertEquals("BPE", document.at("/model/type").asText());
        assertEquals(300, document.at("/model/vocab").size());
        assertTrue(document.at("/model/merges/0").isTextual(), "classic \"left right\" merges");
        assertEquals("ByteLevel", document.at("/pre_tokenizer/type").asText());
        assertFalse(document.at("/pre_tokenizer/add_prefix_space").asBoolean());
        assertTrue(document.at("/pre_tokenizer/use_regex").asBoolean());
        assertEquals("ByteLevel", document.at("/decoder/type").asText());
        assertEquals("RobertaProcessing", document.at("/post_processor/type").asText());
        List<String> added = new ArrayList<>();
        document.get("added_tokens").forEach(t -> {
            assertTrue(t.get("special").asBoolean());
            added.add(t.get("content").asText() + "=" + t.get("id").asInt());
        });
        assertEquals(List.of("<s>=0", "<pad>=1", "</s>=2", "<unk>=3", "<mask>=4"), added);
        JsonNode config = TokenizerJson.MAPPER.readTree(folder.resolve("tokenizer_config.json").toFile());
        assertEquals("RobertaTokenizerFast", config.get("tokenizer_class").asText());
        assertEquals("<mask>", config.get("mask_token").asText());

        try (Tokenizer loaded = TokenizerLoader.load(folder)) {
            List<String> expected = new ArrayList<>(List.of("<s>"));
            expected.addAll(ReferenceBpe.encode(model, "Der Zug"));
            expected.add("</s>");
            assertEquals(expected, List.of(loaded.encode("Der Zug").tokens()));
            assertEquals(1, loaded.padTokenId().orElseThrow());
            assertEquals("<mask>", loaded.vocabulary().specialToken(SpecialTokenRole.MASK));
        }
    }

    @Test
    void djlReadsMergesAsLinesAndAsPairs() throws IOException {
        ByteLevelBpeTrainer.Model model = train(trainer(350), TEXTS);
        String sentence = "Die Leute tragen Schirme durch die Stadt.";
        try (Tokenizer lines = trainer(350).tokenizer(model)) {
            ObjectNode document = lines.document();
            ArrayNode pairs = ((ObjectNode) document.get("model")).putArray("merges");
            model.merges().forEach(merge -> pairs.addArray().add(merge.split(" ")[0]).add(merge.split(" ")[1]));
            try (Tokenizer fromPairs = TokenizerLoader.load(Path.of("pairs.json"),
                    TokenizerJson.MAPPER.writeValueAsBytes(document))) {
                assertEquals(ReferenceBpe.encode(model, sentence),
                        List.of(fromPairs.encode(sentence, NO_SPECIALS).tokens()));
                assertEquals(List.of(lines.encode(sentence).tokens()), List.of(fromPairs.encode(sentence).tokens()));
            }
        }
    }

    @Test
    void textInAnyScriptIsEncodedByteByByteWithoutUnknownTokens() {
        // Trained on German only: Sinhala and the emoji have no merges and fall back to single byte symbols.
        List<String> texts = List.of("Grüße aus Köln", "ශ්‍රී ලංකාව 🙂", "Ærøskøbing\u00A0café — „naïve“");
        try (Tokenizer tokenizer = trainer(400).train(TEXTS, fraction -> { }, CancellationToken.none())) {
            for (String text : texts) {
                Encoding encoding = tokenizer.encode(text, NO_SPECIALS);
                List<String> tokens = List.of(encoding.tokens());
                assertFalse(tokens.contains("<unk>"), tokens.toString());
                assertEquals(ByteLevelAlphabet.encode(text), String.join("", tokens), "every byte is kept");
                assertEquals(text, tokenizer.decode(encoding.ids(), true));
            }
            List<String> sinhala = List.of(tokenizer.encode("ලංකාව", NO_SPECIALS).tokens());
            assertEquals("ලංකාව".getBytes(StandardCharsets.UTF_8).length, sinhala.size(), sinhala.toString());
        }
    }

    @Test
    void withAPrefixSpaceTheFirstWordIsSpelledAsEveryOther() {
        ByteLevelBpeTrainer trainer = ByteLevelBpeTrainer.builder().setVocabSize(400).optAddPrefixSpace(true).build();
        ByteLevelBpeTrainer.Model model = train(trainer, TEXTS);
        assertFalse(model.vocabulary().contains("Der"), "'Der' at a line start is counted as 'ĠDer'");
        try (Tokenizer tokenizer = trainer.tokenizer(model)) {
            assertEquals(List.of(tokenizer.encode(" Zug", NO_SPECIALS).tokens()),
                    List.of(tokenizer.encode("Zug", NO_SPECIALS).tokens()));
            assertEquals(List.of("ĠZug"), List.of(tokenizer.encode("Zug", NO_SPECIALS).tokens()));
        }
    }

    @Test
    void cancellingStopsTrainingBeforeItFinishes() {
        CancellationToken cancellation = new CancellationToken();
        List<Double> reported = new ArrayList<>();
        assertThrows(CancellationException.class, () -> trainer(400).trainModel(TEXTS, fraction -> {
            reported.add(fraction);
            if (fraction > 0) {
                cancellation.cancel();
            }
        }, cancellation));
        assertFalse(reported.contains(1.0), reported.toString());
    }

    @Test
    void aGermanNovelTrainsToTheRequestedSizeAndEncodesAsItsMergesPredict() throws IOException {
        List<String> lines = Files.readAllLines(Fixtures.path("corpora/gutenberg_alice_de.txt"),
                StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        ByteLevelBpeTrainer trainer = trainer(3000);
        ByteLevelBpeTrainer.Model model = train(trainer, lines);
        assertEquals(3000, model.vocabulary().size());
        List<String> words = List.of("Ġdie", "Ġund", "ĠAlice", ByteLevelAlphabet.encode(" Königin"));
        assertTrue(model.vocabulary().containsAll(words), words.stream().filter(w -> !model.vocabulary().contains(w))
                .toList() + " missing");
        try (Tokenizer tokenizer = trainer.tokenizer(model)) {
            for (String line : lines.subList(0, 300)) {
                Encoding encoding = tokenizer.encode(line, NO_SPECIALS);
                assertEquals(ReferenceBpe.encode(model, line), List.of(encoding.tokens()), line);
                assertEquals(line, tokenizer.decode(encoding.ids(), true));
            }
        }
    }

    /**
     * Textbook BPE, written for the test: split as GPT-2 does, then in each word merge the pair of lowest rank
     * (leftmost first) until no pair of the word has a rank.
     */
    private static final class ReferenceBpe {
        static List<String> encode(ByteLevelBpeTrainer.Model model, String text) {
            Map<String, Integer> ranks = new HashMap<>();
            for (int i = 0; i < model.merges().size(); i++) {
                ranks.putIfAbsent(model.merges().get(i), i);
            }
            List<String> tokens = new ArrayList<>();
            for (String word : new ByteLevelWordSplitter(false).words(text)) {
                List<String> symbols = new ArrayList<>(word.chars().mapToObj(c -> String.valueOf((char) c)).toList());
                while (true) {
                    int best = -1;
                    int bestRank = Integer.MAX_VALUE;
                    for (int i = 0; i + 1 < symbols.size(); i++) {
                        Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                        if (rank != null && rank < bestRank) {
                            bestRank = rank;
                            best = i;
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
                }
                tokens.addAll(symbols);
            }
            return tokens;
        }
    }
}
