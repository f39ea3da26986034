package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillMaskTest {
    @TempDir
    Path temp;

    @Test
    void predictsFromTheNamedEmbeddingsOwnVocabularyAndLeavesTheActiveOneAlone() throws Exception {
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Tokenizer other = TestTokenizers.wordPiece(temp.resolve("other"), List.of("hund", "katze", "the", "mat"));
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 2)) {
            model.addEmbeddings("other", other);
            model.setActiveEmbeddings("default");
            List<FillMask.MaskPredictions> predictions = FillMask.predict(model, "other", "the [MASK] mat", 3);
            assertEquals(1, predictions.size());
            assertEquals(2, predictions.get(0).position(), "[CLS] the [MASK]");
            assertEquals(3, predictions.get(0).candidates().size());
            assertTrue(predictions.get(0).candidates().stream()
                    .allMatch(p -> other.vocabulary().token(p.id()).equals(p.token())));
            double first = predictions.get(0).candidates().get(0).probability();
            assertTrue(first >= predictions.get(0).candidates().get(2).probability() && first <= 1);
            assertEquals("default", model.activeEmbeddings());
            assertThrows(IllegalArgumentException.class, () -> FillMask.predict(model, "default", "no mask", 3));
        }
    }
}
