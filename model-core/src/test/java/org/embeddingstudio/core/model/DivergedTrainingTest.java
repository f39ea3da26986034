package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingDivergedException;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose loss or gradients stop being finite ends at that step with a message, instead of writing NaN into
 * every trained parameter and training on for the rest of the run (as it did: the app's loss curve went flat and
 * the run "finished").
 */
class DivergedTrainingTest {
    @TempDir
    Path temp;

    @Test
    void aRunWhoseLossIsNotFiniteStopsThereWithoutTouchingTheParameters() throws Exception {
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Path text = temp.resolve("corpus.txt");
        Files.write(text, Collections.nCopies(40, "the cat sat on the mat ."));
        try (AdapterModel model = AdapterModel.random(TrainAdapterTest.CONFIG, english, Device.cpu(), 7)) {
            model.addAdapter("a", BottleneckConfig.seqBn());
            model.trainAdapter("a", true);
            TrainingConfig config = TrainingConfig.defaults().withSteps(5).withBatch(4, 16).withEvaluation(0.0, 0);
            MaskedLmTask task = MaskedLmTask.fromTextFile(text, english, config);
            String poisoned = "encoder.layer.1.output.adapters.a.adapter_up.bias";
            NDArray bias = model.trainableParameters().get(poisoned);
            bias.set(new NDIndex("0"), Float.NaN); // what an exploding step leaves behind
            Map<String, float[]> before = parameters(model);
            List<Integer> steps = new ArrayList<>();

            TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                    () -> new AdapterTrainer<>(model, task, config, new TrainingListener() {
                        @Override
                        public void onStep(TrainingProgress progress) {
                            steps.add(progress.step());
                        }
                    }).train(CancellationToken.none()));

            assertEquals(1, diverged.step());
            assertEquals(List.of(), steps, "no step was reported done");
            assertTrue(diverged.getMessage().contains("step 1: the loss is NaN")
                    && diverged.getMessage().contains("lower learning rate"), diverged.getMessage());
            Map<String, float[]> after = parameters(model);
            before.forEach((name, values) -> assertArrayEquals(values, after.get(name), name + " changed"));

            // Repaired, the same model trains: the diverged step left no gradients behind.
            bias.set(new NDIndex("0"), 0f);
            model.trainAdapter("a", true);
            List<Float> losses = new ArrayList<>();
            new AdapterTrainer<>(model, task, config, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    losses.add((float) progress.loss());
                }
            }).train(CancellationToken.none());
            assertEquals(5, losses.size());
            losses.forEach(loss -> assertTrue(Float.isFinite(loss), losses.toString()));
        } finally {
            english.close();
        }
    }

    private static Map<String, float[]> parameters(AdapterModel model) {
        Map<String, float[]> values = new TreeMap<>();
        model.trainableParameters().forEach((name, value) -> values.put(name, value.toFloatArray()));
        return values;
    }
}
