package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a workspace needs to restore saved state: a trained "default" in place, and heads one by one. */
class RestoreStateTest {
    private static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);

    @TempDir
    Path temp;

    @Test
    void aSavedDefaultReplacesTheModelsOwnInPlaceWithItsWeightBiasAndProvenance() throws Exception {
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        float[] weight;
        float[] bias;
        try (AdapterModel trained = AdapterModel.random(CONFIG, english, Device.cpu(), 3)) {
            trained.read(p -> {
                changeInPlace(p.embedding("default").weight());
                changeInPlace(p.embedding("default").outputBias());
                return null;
            });
            boolean[] rows = new boolean[trained.embedding("default").rows()];
            rows[5] = true;
            trained.markTrained("default", rows);
            weight = trained.read(p -> p.embedding("default").weight().toFloatArray());
            bias = trained.read(p -> p.embedding("default").outputBias().toFloatArray());
            trained.saveEmbeddings(temp.resolve("default"), "default", english);
            assertFalse(trained.embeddingInfos().get(0).unsavedTraining());
        }
        try (AdapterModel fresh = AdapterModel.random(CONFIG, english, Device.cpu(), 3)) {
            fresh.addEmbeddings("other", english);
            fresh.restoreEmbeddings(temp.resolve("default"), "default");
            assertEquals(List.of("default", "other"), List.copyOf(fresh.embeddingNames()), "same place");
            assertEquals("other", fresh.activeEmbeddings(), "which is active does not change");
            assertArrayEquals(weight, fresh.read(p -> p.embedding("default").weight().toFloatArray()));
            assertArrayEquals(bias, fresh.read(p -> p.embedding("default").outputBias().toFloatArray()));
            assertEquals(1, fresh.embeddingInfos().get(0).rowOrigins()
                    .get(RowOrigin.TRAINED));
            assertEquals(english.vocabulary().tokens(),
                    fresh.embedding("default").tokenizer().orElseThrow().vocabulary().tokens());
        }
    }

    @Test
    void headsSavedOneByOneLoadBackWithoutTouchingAnyEmbeddingsBias() throws Exception {
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        float[] classifier;
        float[] maskedLm;
        try (AdapterModel model = AdapterModel.random(CONFIG, english, Device.cpu(), 3)) {
            model.addClassificationHead("topic", List.of("a", "b", "c"));
            model.read(p -> {
                p.maskedLmHead().parameters().values().forEach(RestoreStateTest::changeInPlace);
                return null;
            });
            classifier = model.read(p -> p.classificationHead("topic").orElseThrow().parameters().values().iterator()
                    .next().toFloatArray());
            maskedLm = model.read(p -> p.maskedLmHead().parameters().get("transform.dense.weight").toFloatArray());
            model.saveHead(temp.resolve("heads/topic"), "topic");
            model.saveHead(temp.resolve("heads/masked_lm"), HeadRegistry.MASKED_LM);
            assertTrue(Files.isRegularFile(temp.resolve("heads/topic/head_config.json")));
        }
        try (AdapterModel model = AdapterModel.random(CONFIG, english, Device.cpu(), 3)) {
            float[] biasBefore = model.read(p -> p.embedding("default").outputBias().toFloatArray());
            assertEquals("topic", model.loadHead(temp.resolve("heads/topic"), false));
            assertEquals(HeadRegistry.MASKED_LM, model.loadHead(temp.resolve("heads/masked_lm"), true));
            assertEquals(HeadRegistry.MASKED_LM, model.activeHead(), "loading activates no head");
            assertArrayEquals(classifier, model.read(p -> p.classificationHead("topic").orElseThrow().parameters()
                    .values().iterator().next().toFloatArray()));
            assertArrayEquals(maskedLm, model.read(p -> p.maskedLmHead().parameters().get("transform.dense.weight")
                    .toFloatArray()));
            assertTrue(model.maskedLmHeadIsFresh(), "kept as it was saved");
            assertArrayEquals(biasBefore, model.read(p -> p.embedding("default").outputBias().toFloatArray()),
                    "the output bias belongs to the embedding, which keeps its own");
        }
    }

    private static void changeInPlace(NDArray array) {
        try (NDArray step = array.getManager().randomNormal(0, 0.1f, array.getShape(), array.getDataType())) {
            array.addi(step);
        }
    }
}
