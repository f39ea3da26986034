package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.ClassificationTask;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingCheckpoint;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trainAdapter trains exactly the adapter, the active head and (if asked) the active embedding — nothing else. */
class TrainAdapterTest {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);
    static final TrainingConfig TRAINING = TrainingConfig.defaults().withSteps(3).withLearningRate(1e-3)
            .withBatch(4, 16).withEvaluation(0.2, 0);

    @TempDir
    Path temp;
    Tokenizer english;
    Tokenizer other;
    AdapterModel model;
    Path text;

    @BeforeEach
    void setUp() throws Exception {
        english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        other = TestTokenizers.wordPiece(temp.resolve("other"),
                List.of("hund", "katze", "mat", "the", "haus", "sat", "rot", "##en", "klein", "gross", "on", "."));
        model = AdapterModel.random(CONFIG, english, Device.cpu(), 7);
        text = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(i % 2 == 0 ? "the katze sat on the mat ." : "the hund sat on the rot haus .");
        }
        Files.write(text, lines);
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    @Test
    void maskedLmTrainingChangesTheAdapterTheHeadAndTheActiveEmbeddingOnly() throws Exception {
        model.addEmbeddings("other", other, "default", english);
        model.addAdapter("a", BottleneckConfig.seqBn());
        model.addAdapter("idle", BottleneckConfig.seqBn());
        model.trainAdapter("a", true);
        List<EmbeddingEvent> events = new ArrayList<>();
        model.addEmbeddingListener(events::add);
        Map<String, float[]> before = snapshot();

        TrainingOutcome outcome = new AdapterTrainer<>(model, MaskedLmTask.fromTextFile(text, other, TRAINING),
                TRAINING, TrainingListener.NONE).train(CancellationToken.none());

        assertEquals(3, outcome.steps());
        assertFalse(outcome.cancelled());
        Map<String, float[]> after = snapshot();
        TreeSet<String> changed = new TreeSet<>();
        before.forEach((name, values) -> {
            if (!Arrays.equals(values, after.get(name))) {
                changed.add(name);
            }
        });
        TreeSet<String> expected = new TreeSet<>();
        before.keySet().stream().filter(n -> n.startsWith("adapter:a:") || n.startsWith("head:")
                || n.equals("embedding:other:weight") || n.equals("embedding:other:bias")).forEach(expected::add);
        assertEquals(expected, changed);
        assertTrue(events.stream().anyMatch(e -> e instanceof EmbeddingEvent.Trained t && t.name().equals("other")));
        assertEquals(RowOrigin.TRAINED, model.embedding("other").rowOrigin(other.vocabulary().id("katze")
                .getAsInt()));
        assertTrue(model.embedding("other").hasUnsavedTraining());
        assertFalse(model.embedding("default").hasUnsavedTraining());
    }

    @Test
    void withoutTrainEmbeddingsTheEmbeddingMatrixStaysFixed() throws Exception {
        model.addEmbeddings("other", other);
        model.addAdapter("a", BottleneckConfig.doubleSeqBn());
        model.trainAdapter("a", false);
        float[] weight = model.read(p -> p.embedding("other").weight().toFloatArray());
        new AdapterTrainer<>(model, MaskedLmTask.fromTextFile(text, other, TRAINING), TRAINING, TrainingListener.NONE)
                .train(CancellationToken.none());
        assertTrue(Arrays.equals(weight, model.read(p -> p.embedding("other").weight().toFloatArray())));
    }

    @Test
    void classificationTrainingChangesTheAdapterAndItsHeadAndLearnsAnEasyTask() {
        // A random model at std 0.02 gives every sentence almost the same first-token state (0.4 % apart), far below
        // dropout's noise; wider initial weights and no dropout make it a task a pretrained model would find easy.
        model.close();
        BertConfig wide = new BertConfig(Architecture.BERT, 1, 32, 2, 4, 37, "gelu", 0f, 0f, 64, 2, 1e-12f, 0, 0.2f,
                null);
        model = AdapterModel.random(wide, english, Device.cpu(), 7);
        model.addAdapter("cls", BottleneckConfig.seqBn());
        model.addClassificationHead("sentiment", List.of("neg", "pos"));
        model.trainAdapter("cls", true);
        Map<String, float[]> before = snapshot();
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            examples.add(i % 2 == 0 ? new LabeledExample("the big red house", null, "pos")
                    : new LabeledExample("a small dog ran", null, "neg"));
        }
        TrainingConfig config = TRAINING.withSteps(30).withLearningRate(3e-3).withEvaluation(0.25, 10);
        ClassificationTask task = ClassificationTask.of(examples, english, config);
        TrainingOutcome outcome = new AdapterTrainer<>(model, task, config, TrainingListener.NONE)
                .train(CancellationToken.none());
        Map<String, float[]> after = snapshot();
        assertFalse(Arrays.equals(before.get("head:sentiment:heads.sentiment.4.weight"),
                after.get("head:sentiment:heads.sentiment.4.weight")));
        assertTrue(Arrays.equals(before.get("base:encoder.layer.0.output.dense.weight"),
                after.get("base:encoder.layer.0.output.dense.weight")));
        double accuracy = outcome.evaluations().get(outcome.evaluations().size() - 1).accuracy();
        assertEquals(1.0, accuracy, "two distinct sentences are told apart after 30 steps");
        assertEquals(0.5, outcome.evaluations().get(0).majorityAccuracy(), 0.2);
    }

    @Test
    void cancellingStopsBetweenStepsAndLeavesAUsableModel() throws Exception {
        model.addAdapter("a", BottleneckConfig.seqBn());
        model.trainAdapter("a", true);
        CancellationToken cancellation = new CancellationToken();
        List<TrainingProgress> steps = new ArrayList<>();
        TrainingOutcome outcome = new AdapterTrainer<>(model, MaskedLmTask.fromTextFile(text, english, TRAINING),
                TRAINING.withSteps(50), new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        steps.add(progress);
                        if (progress.step() == 2) {
                            cancellation.cancel();
                        }
                    }
                }).train(cancellation);
        assertTrue(outcome.cancelled());
        assertEquals(2, outcome.steps());
        assertEquals(2, steps.size());
        assertTrue(steps.get(1).tokensPerSecond() > 0);
        assertTrue(Float.isFinite(model.read(p -> p.embedding(model.activeEmbeddings()).weight().sum().getFloat())),
                "still usable");
    }

    @Test
    void aRunResumesFromItsCheckpoint() throws Exception {
        model.addAdapter("a", BottleneckConfig.seqBn());
        model.trainAdapter("a", true);
        TrainingConfig config = TRAINING.withSteps(4).withCheckpointEvery(2);
        MaskedLmTask task = MaskedLmTask.fromTextFile(text, english, config);
        CancellationToken cancellation = new CancellationToken();
        Path checkpoints = temp.resolve("checkpoints");
        new AdapterTrainer<>(model, task, config, new TrainingListener() {
            @Override
            public void onCheckpoint(int step, Path folder) {
                cancellation.cancel();
            }
        }).withCheckpoints(checkpoints).train(cancellation);
        Path checkpoint = checkpoints.resolve("checkpoint-2");
        assertTrue(Files.isRegularFile(checkpoint.resolve("trainer_state.json")));
        Map<String, float[]> atCheckpoint = snapshot();

        // Wander off, then resume: the checkpoint's values come back and training continues at step 3.
        new AdapterTrainer<>(model, task, config.withSteps(1), TrainingListener.NONE).train(CancellationToken.none());
        try (var manager = NDManager.newBaseManager()) {
            var state = TrainingCheckpoint.restore(checkpoint, model.trainingSetup().orElseThrow(),
                    model.trainableParameters(), manager);
            assertEquals(2, state.step());
            Map<String, float[]> restored = snapshot();
            atCheckpoint.forEach((name, values) -> assertTrue(Arrays.equals(values, restored.get(name)), name));
            List<Integer> steps = new ArrayList<>();
            TrainingOutcome outcome = new AdapterTrainer<>(model, task, config, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    steps.add(progress.step());
                }
            }).train(CancellationToken.none(), state);
            assertEquals(List.of(3, 4), steps);
            assertEquals(4, outcome.steps());
        }
    }

    @Test
    void trainingRunsOnAThreadOtherThanTheOneThatLoadedTheEngine() throws Exception {
        model.addAdapter("a", BottleneckConfig.seqBn());
        model.trainAdapter("a", true);
        MaskedLmTask task = MaskedLmTask.fromTextFile(text, english, TRAINING);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(new AdapterTrainer<>(model, task, TRAINING, TrainingListener.NONE)
                        .train(CancellationToken.none()));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        worker.start();
        worker.join();
        assertTrue(result.get() instanceof TrainingOutcome outcome && outcome.steps() == 3,
                String.valueOf(result.get()));
    }

    @Test
    void trainingDataEncodedWithAnotherTokenizerIsRefused() throws Exception {
        model.addEmbeddings("other", other);
        model.addAdapter("a", BottleneckConfig.seqBn());
        model.trainAdapter("a", true);
        // The mistake adapters' own notebook makes: data encoded with the reference tokenizer, not the new one.
        MaskedLmTask wrong = MaskedLmTask.fromTextFile(text, english, TRAINING);
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AdapterTrainer<>(model, wrong, TRAINING, TrainingListener.NONE)
                        .train(CancellationToken.none()));
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
    }

    /** Every parameter the model holds, under a name saying what owns it. */
    Map<String, float[]> snapshot() {
        Map<String, float[]> all = new LinkedHashMap<>();
        model.weights().parameters().forEach((name, value) -> all.put("base:" + name, value.toFloatArray()));
        for (String name : model.embeddingNames()) {
            all.put("embedding:" + name + ":weight", model.read(p -> p.embedding(name).weight().toFloatArray()));
            all.put("embedding:" + name + ":bias", model.read(p -> p.embedding(name).outputBias().toFloatArray()));
        }
        model.maskedLmHead().parameters().forEach((name, value) -> all.put("head:mlm:" + name, value.toFloatArray()));
        for (String head : model.headNames()) {
            model.read(p -> {
                p.classificationHead(head).ifPresent(h -> h.parameters()
                        .forEach((name, value) -> all.put("head:" + head + ":" + name, value.toFloatArray())));
                return null;
            });
        }
        for (String adapter : model.adapterNames()) {
            model.read(p -> {
                p.adapter(adapter).parameters()
                        .forEach((name, value) -> all.put("adapter:" + adapter + ":" + name, value.toFloatArray()));
                return null;
            });
        }
        return all;
    }

    static float[] values(NDArray array) {
        return array.toFloatArray();
    }
}
