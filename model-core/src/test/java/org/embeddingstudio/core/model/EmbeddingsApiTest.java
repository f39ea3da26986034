package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviours of adapters' embedding tests (test_adapter_embeddings.py), and ours beyond them. */
class EmbeddingsApiTest {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);

    @TempDir
    Path temp;
    Tokenizer english;
    Tokenizer other;
    AdapterModel model;
    NDManager inputs;
    final List<EmbeddingEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        // A second vocabulary: some shared words, some new ones, in another order.
        other = TestTokenizers.wordPiece(temp.resolve("other"),
                List.of("hund", "katze", "mat", "the", "haus", "sat", "rot", "##en", "klein", "gross"));
        model = AdapterModel.random(CONFIG, english, Device.cpu(), 7);
        model.addEmbeddingListener(events::add);
        inputs = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        inputs.close();
        model.close();
    }

    @Test
    void addingAnEmbeddingMakesItActiveWithTheTokenizersVocabularySize() {
        model.addEmbeddings("other", other);
        assertEquals("other", model.activeEmbeddings());
        assertEquals(other.vocabulary().size(), model.vocabSize());
        assertEquals(other.vocabulary().size(), model.config().vocabSize());
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.maskedLmLogits(batch(other, "the katze sat on the mat"));
            assertEquals(other.vocabulary().size(), logits.getShape().get(2));
        }
    }

    @Test
    void anAddedTokenGivesOneMoreRow() throws Exception {
        List<String> lines = new ArrayList<>(TestTokenizers.SPECIALS);
        lines.addAll(TestTokenizers.words());
        Tokenizer plain = TestTokenizers.fromVocabTxt(temp.resolve("plain"), lines);
        Path withAdded = temp.resolve("added");
        plain.saveTo(withAdded);
        String json = Files.readString(withAdded.resolve("tokenizer.json"));
        int id = plain.vocabulary().size();
        json = json.replaceFirst("\"added_tokens\"\\s*:\\s*\\[", "\"added_tokens\":[{\"id\":" + id
                + ",\"content\":\"[NEW]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true},");
        Files.writeString(withAdded.resolve("tokenizer.json"), json);
        Tokenizer extended = TokenizerLoader.load(withAdded);
        model.addEmbeddings("extended", extended);
        assertEquals(plain.vocabulary().size() + 1, model.vocabSize());
    }

    @Test
    void deletingRemovesTheEmbedding() {
        model.addEmbeddings("other", other);
        model.setActiveEmbeddings("default");
        model.deleteEmbeddings("other");
        assertFalse(model.hasEmbeddings("other"));
        assertEquals("default", model.activeEmbeddings());
    }

    @Test
    void deletingTheActiveEmbeddingFallsBackToDefaultAndSaysSo() {
        model.addEmbeddings("other", other);
        events.clear();
        model.deleteEmbeddings("other");
        assertEquals("default", model.activeEmbeddings());
        assertEquals(new EmbeddingEvent.Deleted("other", true, "default"), events.get(0));
        assertEquals(english.vocabulary().size(), model.vocabSize());
    }

    @Test
    void theDefaultEmbeddingCanNeverBeDeletedOrRenamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.deleteEmbeddings("default"));
        assertTrue(e.getMessage().contains("cannot be deleted"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.renameEmbeddings("default", "mine"));
        assertTrue(model.hasEmbeddings("default"));
    }

    @Test
    void goingBackToDefaultGivesExactlyTheOriginalOutputs() {
        try (NDScope ignored = new NDScope()) {
            TokenBatch batch = batch(english, "the cat sat on the mat");
            float[] before = model.maskedLmLogits(batch).toFloatArray();
            model.addEmbeddings("other", other);
            model.maskedLmLogits(batch(other, "the katze sat"));
            model.setActiveEmbeddings("default");
            assertArrayEquals(before, model.maskedLmLogits(batch).toFloatArray());
        }
    }

    @Test
    void referenceInitialisationCopiesExactlyTheSharedRows() {
        EmbeddingInitializer.Created created = model.addEmbeddings("other", other, "default", english,
                EmbeddingOptions.defaults().withSeed(3));
        List<String> shared = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "mat", "the", "sat");
        assertEquals(shared.size(), created.copiedRows());
        assertEquals(other.vocabulary().size() - shared.size(), created.randomRows());
        NDArray reference = model.read(p -> p.embedding("default").weight());
        NDArray fresh = model.read(p -> p.embedding("other").weight());
        for (String token : other.vocabulary().tokens()) {
            int row = other.vocabulary().id(token).getAsInt();
            float[] values = fresh.get(row).toFloatArray();
            if (shared.contains(token)) {
                assertArrayEquals(reference.get(english.vocabulary().id(token).getAsInt()).toFloatArray(), values,
                        token);
                assertEquals(RowOrigin.COPIED, model.embedding("other").rowOrigin(row));
            } else {
                assertEquals(RowOrigin.RANDOM, model.embedding("other").rowOrigin(row));
                float std = standardDeviation(values);
                assertTrue(std > 0.005 && std < 0.05, token + " drawn with std " + std);
            }
        }
    }

    @Test
    void rowsAreMatchedByStringEvenWhenIdsArePermuted() {
        List<String> permuted = new ArrayList<>(TestTokenizers.words());
        Collections.reverse(permuted);
        Tokenizer reversed = TestTokenizers.wordPiece(temp.resolve("reversed"), permuted);
        model.addEmbeddings("reversed", reversed, "default", english);
        NDArray reference = model.read(p -> p.embedding("default").weight());
        NDArray copy = model.read(p -> p.embedding("reversed").weight());
        for (String token : TestTokenizers.words()) {
            assertArrayEquals(reference.get(english.vocabulary().id(token).getAsInt()).toFloatArray(),
                    copy.get(reversed.vocabulary().id(token).getAsInt()).toFloatArray(), token);
        }
    }

    @Test
    void theDrawnPadRowStartsAtZero() {
        model.addEmbeddings("other", other);
        int pad = other.vocabulary().id("[PAD]").getAsInt();
        float[] row = model.read(p -> p.embedding("other").weight().get(pad).toFloatArray());
        assertArrayEquals(new float[row.length], row);
    }

    @Test
    void theSameSeedDrawsTheSameMatrixAndTheSeedIsRecorded() {
        model.addEmbeddings("a", other, null, null, EmbeddingOptions.defaults().withSeed(11));
        model.addEmbeddings("b", other, null, null, EmbeddingOptions.defaults().withSeed(11));
        model.addEmbeddings("c", other, null, null, EmbeddingOptions.defaults().withSeed(12));
        float[] a = model.read(p -> p.embedding("a").weight().toFloatArray());
        assertArrayEquals(a, model.read(p -> p.embedding("b").weight().toFloatArray()));
        assertFalse(Arrays.equals(a, model.read(p -> p.embedding("c").weight().toFloatArray())));
        assertEquals(11, model.embedding("a").origin().seed());
    }

    @Test
    void newEmbeddingsLiveOnTheModelsDevice() {
        model.addEmbeddings("other", other);
        assertEquals(model.device(), model.read(p -> p.embedding("other").weight().getDevice()));
    }

    @Test
    void badNamesAndMissingReferencesAreRefusedWithoutChangingAnything() {
        List<String> before = List.copyOf(model.embeddingNames());
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("default", other));
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("../escape", other));
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("", other));
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("x", other, "default", null));
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("x", other, null, english));
        assertThrows(IllegalArgumentException.class, () -> model.addEmbeddings("x", other, "nope", english));
        assertThrows(IllegalArgumentException.class, () -> model.setActiveEmbeddings("nope"));
        assertThrows(IllegalArgumentException.class, () -> model.deleteEmbeddings("nope"));
        assertThrows(IllegalArgumentException.class,
                () -> model.addEmbeddings("x", other, null, null, EmbeddingOptions.defaults().withDimension(16)));
        assertEquals(before, List.copyOf(model.embeddingNames()));
        assertEquals("default", model.activeEmbeddings());
    }

    @Test
    void aReferenceTokenizerLargerThanTheReferenceEmbeddingIsRefused() {
        List<String> many = new ArrayList<>(TestTokenizers.words());
        for (int i = 0; i < 50; i++) {
            many.add("w" + i);
        }
        Tokenizer bigger = TestTokenizers.wordPiece(temp.resolve("bigger"), many);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.addEmbeddings("x", other, "default", bigger));
        assertTrue(e.getMessage().contains("not its tokenizer"), e.getMessage());
        assertFalse(model.hasEmbeddings("x"));
    }

    @Test
    void aReferenceTokenizerMuchSmallerThanItsEmbeddingIsWarnedAbout() {
        List<String> many = new ArrayList<>(TestTokenizers.words());
        for (int i = 0; i < 300; i++) {
            many.add("w" + i);
        }
        Tokenizer big = TestTokenizers.wordPiece(temp.resolve("big"), many);
        model.addEmbeddings("big", big);
        model.addEmbeddings("x", other, "big", english);
        assertTrue(events.stream().anyMatch(e -> e instanceof EmbeddingEvent.Warned w && w.name().equals("x")
                && w.message().contains("more than padding")), events.toString());
    }

    @Test
    void renameKeepsTheMatrixAndTheActiveState() {
        model.addEmbeddings("other", other);
        NDArray weight = model.read(p -> p.embedding("other").weight());
        model.renameEmbeddings("other", "german");
        assertEquals("german", model.activeEmbeddings());
        assertSame(weight, model.read(p -> p.embedding("german").weight()));
        assertFalse(model.hasEmbeddings("other"));
    }

    @Test
    void detachAndReattachRestoreTheSameMatrixWithoutACopy() {
        model.addEmbeddings("other", other);
        NDArray weight = model.read(p -> p.embedding("other").weight());
        DetachedEmbedding detached = model.detachEmbeddings("other");
        assertEquals("default", model.activeEmbeddings());
        model.reattachEmbeddings(detached);
        assertEquals("other", model.activeEmbeddings());
        assertSame(weight, model.read(p -> p.embedding("other").weight()));
        assertEquals(5, weight.get(new NDIndex("0:5")).getShape().get(0), "still usable: not closed");
    }

    @Test
    void deletingFreesTheMatrix() {
        model.addEmbeddings("other", other);
        NDArray weight = model.read(p -> p.embedding("other").weight());
        model.deleteEmbeddings("other");
        assertTrue(weight.isReleased());
    }

    static float standardDeviation(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (float v : values) {
            variance += (v - mean) * (v - mean);
        }
        return (float) Math.sqrt(variance / values.length);
    }

    TokenBatch batch(Tokenizer tokenizer, String text) {
        Encoding encoding = tokenizer.encode(text);
        return TokenBatch.of(inputs, new long[][]{encoding.ids()}, null, 0);
    }
}
