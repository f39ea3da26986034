package org.embeddingstudio.core.training.run;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training job without a screen: a plain request in, progress to a listener, the outcome and drift out. */
class TrainAdapterJobTest {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);
    static final TrainingConfig TRAINING = TrainingConfig.defaults().withSteps(3).withLearningRate(1e-3)
            .withBatch(4, 16).withEvaluation(0.2, 0).withCheckpointEvery(0);

    @TempDir
    Path temp;
    AdapterModel model;
    Path text;

    @BeforeEach
    void setUp() throws Exception {
        model = AdapterModel.random(CONFIG, TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words()),
                Device.cpu(), 7);
        model.addAdapter("a", BottleneckConfig.seqBn());
        text = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(i % 2 == 0 ? "the cat sat on the mat ." : "the dog sat on the red house .");
        }
        Files.write(text, lines);
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    RunRequest maskedLm(boolean trainEmbeddings) {
        return new RunRequest("a", trainEmbeddings, Objective.MASKED_LM, text, null, TRAINING,
                temp.resolve("checkpoints"));
    }

    @Test
    void aHeadWithTheDataLabelsInAnotherOrderKeepsTrainingInsteadOfBeingReplaced() throws Exception {
        // adapters keeps a head's label2id order; a head trained there must not be swapped for a fresh one.
        model.addClassificationHead("a", List.of("pos", "neg"));
        float[] before = model.read(p -> p.classificationHead("a").orElseThrow().parameters().values().iterator()
                .next().toFloatArray());
        Path data = Files.write(temp.resolve("reviews.csv"), List.of("text,label", "the cat sat,pos", "a dog ran,neg",
                "the red house,pos", "the mat,neg", "a cat ran,pos", "the dog,neg", "red mat,pos", "big dog,neg"));
        RunRequest request = new RunRequest("a", false, Objective.CLASSIFICATION, data,
                new ClassificationDatasetReader.Columns("text", null, "label"), TRAINING, temp.resolve("checkpoints"));

        TrainAdapterJob.run(model, request, null, TrainingListener.NONE, new CancellationToken());

        assertEquals(List.of("pos", "neg"), model.headLabels("a").orElseThrow(), "the head's own order");
        float[] after = model.read(p -> p.classificationHead("a").orElseThrow().parameters().values().iterator()
                .next().toFloatArray());
        assertEquals(before.length, after.length);
        int moved = 0;
        for (int i = 0; i < before.length; i++) {
            moved += Math.abs(before[i] - after[i]) < 0.01f ? 0 : 1;
        }
        assertEquals(0, moved, "three small steps move the trained head a little; a fresh head differs everywhere");
        assertFalse(Arrays.equals(before, after), "and it trained");
    }

    @Test
    void aMaskedLmRunReportsEveryStepAndMeasuresTheEmbeddingsDrift() throws Exception {
        List<Integer> steps = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                steps.add(progress.step());
                threads.add(Thread.currentThread().getName());
            }
        };

        TrainAdapterJob.Result result = TrainAdapterJob.runOnItsOwnThread(model, maskedLm(true), null, listener,
                new CancellationToken());

        assertEquals(List.of(1, 2, 3), steps);
        assertTrue(threads.stream().allMatch("training"::equals), "it trains on a thread of its own: " + threads);
        assertFalse(result.outcome().cancelled());
        assertEquals(3, result.outcome().steps());
        assertNotNull(result.drift(), "the embedding trained, so its drift is measured");
    }

    @Test
    void withoutTrainingTheEmbeddingThereIsNoDrift() throws Exception {
        TrainAdapterJob.Result result = TrainAdapterJob.run(model, maskedLm(false), null, TrainingListener.NONE,
                new CancellationToken());
        assertEquals(3, result.outcome().steps());
        assertNull(result.drift());
    }

    @Test
    void cancellingStopsAfterTheCurrentStep() throws Exception {
        CancellationToken cancellation = new CancellationToken();
        TrainingListener cancelAtFirstStep = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                cancellation.cancel();
            }
        };
        TrainAdapterJob.Result result = TrainAdapterJob.run(model, maskedLm(true), null, cancelAtFirstStep,
                cancellation);
        assertTrue(result.outcome().cancelled());
        assertEquals(1, result.outcome().steps());
    }

    @Test
    void aRunResumedTwiceBreaksItsDriftDownByTheRowOriginsItBeganWith() throws Exception {
        model.addEmbeddings("new", TestTokenizers.wordPiece(temp.resolve("new"), TestTokenizers.words("green",
                "tree", "river")), "default", model.activeTokenizer().orElseThrow());
        Map<RowOrigin, Integer> made = model.embedding("new").rowOriginCounts();
        assertEquals(Set.of(RowOrigin.COPIED, RowOrigin.RANDOM), made.keySet(), made.toString());
        Path checkpoints = temp.resolve("checkpoints");

        // Each part is cancelled after its first step and keeps a checkpoint there; each part marks its rows trained.
        assertEquals(1, runCancelledAfterOneStep(null).outcome().steps());
        assertEquals(2, runCancelledAfterOneStep(checkpoints.resolve("checkpoint-1")).outcome().steps());
        assertEquals(Map.of(RowOrigin.TRAINED, made.values().stream().mapToInt(Integer::intValue).sum()),
                model.embedding("new").rowOriginCounts());
        TrainAdapterJob.Result last = TrainAdapterJob.run(model, maskedLm(true), checkpoints.resolve("checkpoint-2"),
                TrainingListener.NONE, new CancellationToken());

        assertEquals(3, last.outcome().steps());
        Map<RowOrigin, Integer> rows = new EnumMap<>(RowOrigin.class);
        last.drift().byOrigin().forEach((origin, summary) -> rows.put(origin, summary.rows()));
        assertEquals(made, rows, "by where the rows came from, through both checkpoints");
    }

    private TrainAdapterJob.Result runCancelledAfterOneStep(Path resumeFrom) throws Exception {
        CancellationToken cancellation = new CancellationToken();
        return TrainAdapterJob.run(model, maskedLm(true), resumeFrom, new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                cancellation.cancel();
            }
        }, cancellation);
    }

    @Test
    void aClassificationRunTrainsAHeadNamedAfterItsAdapter() throws Exception {
        Path reviews = temp.resolve("reviews.csv");
        List<String> rows = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < 20; i++) {
            rows.add(i % 2 == 0 ? "the cat sat,pos" : "the dog sat on the mat,neg");
        }
        Files.write(reviews, rows);
        RunRequest request = new RunRequest("a", false, Objective.CLASSIFICATION, reviews,
                new ClassificationDatasetReader.Columns("text", null, "label"), TRAINING, temp.resolve("checkpoints"));

        TrainAdapterJob.run(model, request, null, TrainingListener.NONE, new CancellationToken());

        assertEquals(List.of("neg", "pos"), model.headLabels("a").orElseThrow());
    }

    @Test
    void dataThatGivesNoExamplesIsRejectedBeforeAnyStep() throws Exception {
        Files.writeString(text, "   \n");
        var error = assertThrows(Exception.class, () -> TrainAdapterJob.run(model, maskedLm(true), null,
                TrainingListener.NONE, new CancellationToken()));
        assertTrue(error.getMessage().contains("corpus.txt"), error.getMessage());
    }
}
