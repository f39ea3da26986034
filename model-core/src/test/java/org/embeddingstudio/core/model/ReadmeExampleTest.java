package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Embeddings API example, call for call, on a tiny model: the README cannot drift from the API. */
class ReadmeExampleTest {
    @TempDir
    Path temp;

    @Test
    void theReadmeExampleRuns() throws Exception {
        Path modelFolder = temp.resolve("model");
        Files.createDirectories(modelFolder);
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.copy(Path.of("src/test/resources/reference/tiny-bert").resolve(file), modelFolder.resolve(file));
        }
        List<String> vocabulary = new ArrayList<>(TestTokenizers.SPECIALS);
        vocabulary.addAll(TestTokenizers.words());
        while (vocabulary.size() < 99) {
            vocabulary.add("filler" + vocabulary.size());
        }
        Files.write(modelFolder.resolve("vocab.txt"), vocabulary);
        Path corpus = Files.write(temp.resolve("corpus.si.txt"),
                Collections.nCopies(40, "the katze sat on the mat ."));

        try (AdapterModel model = ModelLoader.load(modelFolder, Device.cpu())) {
            Tokenizer sinhala = TestTokenizers.wordPiece(temp.resolve("sibert"),
                    List.of("katze", "mat", "the", "sat", "on", "."));
            Tokenizer english = model.activeTokenizer().orElseThrow();

            model.addEmbeddings("si", sinhala, "default", english);
            assertEquals("si", model.activeEmbeddings());

            model.addAdapter("si_adapter", BottleneckConfig.seqBn());
            model.trainAdapter("si_adapter", true);
            TrainingConfig config = TrainingConfig.defaults().withSteps(2).withBatch(2, 16);
            var task = MaskedLmTask.fromTextFile(corpus, sinhala, config);
            new AdapterTrainer<>(model, task, config, TrainingListener.NONE).train(new CancellationToken());
            assertTrue(model.embedding("si").hasUnsavedTraining());

            model.saveEmbeddings(temp.resolve("out/si"), "si", sinhala);
            model.saveAdapter(temp.resolve("out/si_adapter"), "si_adapter", false);

            model.setActiveEmbeddings("default");
            model.deleteEmbeddings("si");
            assertFalse(model.hasEmbeddings("si"));

            Optional<Tokenizer> saved = model.loadEmbeddings(temp.resolve("out/si"), "si");
            assertTrue(saved.isPresent());
            assertEquals("si", model.activeEmbeddings());
        }
    }
}
