package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training run's result must not depend on when the JVM collects garbage. It did: constants in the forward pass
 * lived in Java buffers that autograd still needed for the backward pass, so a collection between the two made the
 * gradients wrong — in the app, a run turned to NaN once a periodic collection fell inside a step, and without one
 * a run still drifted from step 5 on whenever an ordinary collection did.
 */
class TrainingUnderGarbageCollectionTest {
    @TempDir
    Path temp;

    @Test
    void aRunGivesBitIdenticalParametersAndLossesWhetherOrNotTheCollectorRunsDuringIt() throws Exception {
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Path text = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(i % 2 == 0 ? "the cat sat on the mat ." : "the dog sat on the red house .");
        }
        Files.write(text, lines);

        Run quiet = train(english, text, false);
        Run collected = train(english, text, true);

        assertTrue(collected.collections() > 0, "the collector never ran during the run");
        assertEquals(quiet.losses(), collected.losses());
        assertEquals(quiet.parameters().keySet(), collected.parameters().keySet());
        quiet.parameters().forEach((name, values) -> {
            for (float value : values) {
                assertTrue(Float.isFinite(value), name + " is not finite");
            }
            assertArrayEquals(values, collected.parameters().get(name), name + " differs");
        });
        english.close();
    }

    private record Run(List<Float> losses, Map<String, float[]> parameters, int collections) {
    }

    private static Run train(Tokenizer tokenizer, Path text, boolean collectAllTheTime) throws Exception {
        TrainingConfig config = TrainingConfig.defaults().withSteps(40).withLearningRate(1e-3).withBatch(8, 32)
                .withEvaluation(0.0, 0);
        AtomicBoolean training = new AtomicBoolean(true);
        AtomicInteger collections = new AtomicInteger();
        Thread collector = new Thread(() -> {
            while (collectAllTheTime && training.get()) {
                System.gc();
                collections.incrementAndGet();
            }
        }, "collector");
        try (AdapterModel model = AdapterModel.random(TrainAdapterTest.CONFIG, tokenizer, Device.cpu(), 7)) {
            model.addAdapter("a", BottleneckConfig.seqBn());
            model.trainAdapter("a", true);
            List<Float> losses = new ArrayList<>();
            MaskedLmTask task = MaskedLmTask.fromTextFile(text, tokenizer, config);
            collector.start();
            try {
                new AdapterTrainer<>(model, task, config, new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        losses.add((float) progress.loss());
                    }
                }).train(CancellationToken.none());
            } finally {
                training.set(false);
                collector.join();
            }
            Map<String, float[]> parameters = new TreeMap<>();
            for (Map.Entry<String, NDArray> entry : model.trainableParameters().entrySet()) {
                parameters.put(entry.getKey(), entry.getValue().toFloatArray());
            }
            return new Run(losses, parameters, collections.get());
        }
    }
}
