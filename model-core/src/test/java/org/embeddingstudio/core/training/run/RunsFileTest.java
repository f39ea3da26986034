package org.embeddingstudio.core.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * runs.json: every run's settings, curve, evaluations, outcome and zero-shot check come back as they were written.
 */
class RunsFileTest {
    private static final String CONFIG = config();
    @TempDir
    Path temp;

    @Test
    void runsComeBackWithTheirSettingsCurvesEvaluationsAndOutcomes() throws Exception {
        TrainingConfig config = TrainingConfig.defaults().withCheckpointEvery(25).withEvaluation(0.2, 2);
        LossCurve curve = new LossCurve();
        curve.add(1, 3.5);
        curve.add(2, 3.25);
        List<Evaluation> evaluations = List.of(new Evaluation(2, 1.5, 0.75, Double.NaN, 8));
        RunRequest classification = new RunRequest("sentiment", false, Objective.CLASSIFICATION,
                temp.resolve("reviews.tsv"), new ClassificationDatasetReader.Columns("sentence", null, "label"), config,
                temp.resolve("run-1"));
        TrainingRun cancelled = new TrainingRun("Run 1: sentiment on 'news'", "news", classification, curve,
                evaluations, new TrainingOutcome(true, 2, 3.25, evaluations, Duration.ofMillis(1234), 567.5),
                temp.resolve("run-1").resolve("checkpoint-2"), null);
        RunRequest maskedLm = new RunRequest("news-de", true, Objective.MASKED_LM, temp.resolve("corpus.txt"), null,
                config, temp.resolve("run-2"));
        TrainingRun failed = new TrainingRun("Run 2: news-de on 'news'", "news", maskedLm, new LossCurve(), List.of(),
                null, null, null);
        Path file = temp.resolve("study.esw.runs").resolve(RunsFile.NAME);

        RunsFile.write(file, List.of(cancelled, failed));
        List<TrainingRun> read = RunsFile.read(file);

        assertEquals(2, read.size());
        TrainingRun first = read.get(0);
        assertEquals(cancelled.name(), first.name());
        assertEquals(cancelled.embedding(), first.embedding());
        assertEquals(classification, first.request());
        assertEquals(evaluations, first.evaluations(), "NaN survives the round trip");
        assertEquals(2, first.curve().size());
        assertEquals(3.25f, first.curve().raw(1));
        assertEquals(1, first.curve().evaluations(), "evaluations are drawn on the curve again");
        assertEquals(cancelled.outcome(), first.outcome());
        assertEquals(cancelled.lastCheckpoint(), first.lastCheckpoint());
        TrainingRun second = read.get(1);
        assertEquals(maskedLm, second.request());
        assertNull(second.outcome(), "a failed run has no outcome");
        assertNull(second.lastCheckpoint());
        assertNull(first.heldOutCheck(), "only a decoder's run has a zero-shot check");
    }

    @Test
    void aDecodersRunComesBackWithItsZeroShotCheck() throws Exception {
        ZeroShotCheck check = new ZeroShotCheck("de", new BitsPerByte.Result(4096, 1100, 1099, 2301.25),
                new BitsPerByte.Result(4096, 1650, 1649, Double.NaN));
        RunRequest causalLm = new RunRequest("de-lm", true, Objective.CAUSAL_LM, temp.resolve("corpus.txt"), null,
                TrainingConfig.defaults(), temp.resolve("run-1"));
        TrainingRun run = new TrainingRun("Run 1: de-lm on 'de'", "de", causalLm, new LossCurve(), List.of(),
                new TrainingOutcome(false, 4, 2.5, List.of(), Duration.ofMillis(900), 1234), null, check);
        Path file = temp.resolve(RunsFile.NAME);

        RunsFile.write(file, List.of(run));
        TrainingRun read = RunsFile.read(file).get(0);

        assertEquals(check.embedding(), read.heldOutCheck().embedding());
        assertEquals(check.reference(), read.heldOutCheck().reference());
        assertEquals(check.candidate(), read.heldOutCheck().candidate(), "a diverged model's NaN survives");
        assertEquals(check.describe(), read.heldOutCheck().describe());
    }

    @Test
    void runsKeptBeforeTheCheckWasRecordedHaveNone() throws Exception {
        // As the app wrote it before it recorded the check.
        Path file = Files.writeString(temp.resolve(RunsFile.NAME), """
                [{"name": "Run 1: de-lm on 'de'", "embedding": "de", "adapter": "de-lm", "train_embeddings": true,
                  "objective": "CAUSAL_LM", "data": "corpus.txt", "checkpoints": "run-1", "config": %s,
                  "curve": [[1, 3.5]], "evaluations": [],
                  "outcome": {"cancelled": false, "steps": 1, "final_loss": 3.5, "elapsed_ms": 10,
                              "tokens_per_second": 100.0}}]
                """.formatted(CONFIG));

        TrainingRun read = RunsFile.read(file).get(0);

        assertEquals(1, read.outcome().steps());
        assertTrue(read.heldOutCheckIfAny().isEmpty());
    }

    @Test
    void aZeroShotCheckWithABadValueIsReportedWithTheFileAndTheValue() throws Exception {
        String good = """
                {"bytes": 4096, "tokens": 1100, "predicted": 1099, "nats": 2301.25}""";
        for (String bad : List.of("{\"bytes\": \"many\", \"tokens\": 1, \"predicted\": 0, \"nats\": 1}",
                "{\"bytes\": 0, \"tokens\": 1, \"predicted\": 0, \"nats\": 1}",
                "{\"bytes\": 10, \"tokens\": 1, \"predicted\": 0, \"nats\": -2}",
                "{\"bytes\": 10, \"tokens\": 1, \"predicted\": 0}")) {
            Path file = Files.writeString(temp.resolve(RunsFile.NAME), """
                    [{"name": "Run 1", "embedding": "de", "adapter": "de-lm", "objective": "CAUSAL_LM",
                      "data": "corpus.txt", "checkpoints": "run-1", "config": %s,
                      "held_out_check": {"embedding": "de", "reference": %s, "candidate": %s}}]
                    """.formatted(CONFIG, good, bad));

            var error = assertThrows(FileFormatException.class, () -> RunsFile.read(file), bad);

            assertTrue(error.getMessage().contains(RunsFile.NAME) && error.getMessage().contains("run 1")
                    && error.getMessage().contains("held-out check's candidate"), error.getMessage());
        }
    }

    @Test
    void aBadConfigIsReportedWithTheFileAndTheRun() throws Exception {
        Path file = Files.writeString(temp.resolve(RunsFile.NAME), """
                [{"name": "Run 1", "embedding": "de", "adapter": "de-lm", "objective": "CAUSAL_LM",
                  "data": "corpus.txt", "checkpoints": "run-1", "config": {"learningRate": 7}}]
                """);

        var error = assertThrows(FileFormatException.class, () -> RunsFile.read(file));

        assertTrue(error.getMessage().contains(RunsFile.NAME) && error.getMessage().contains("run 1"),
                error.getMessage());
    }

    @Test
    void aWorkspaceWithoutRunsHasNone() throws Exception {
        assertTrue(RunsFile.read(temp.resolve(RunsFile.NAME)).isEmpty());
    }

    @Test
    void aDamagedFileIsReportedAsSuch() throws Exception {
        Path file = Files.writeString(temp.resolve(RunsFile.NAME), "[{\"name\": ");
        var error = assertThrows(FileFormatException.class, () -> RunsFile.read(file));
        assertTrue(error.getMessage().contains(RunsFile.NAME), error.getMessage());
    }

    private static String config() {
        try {
            return new ObjectMapper().writeValueAsString(TrainingConfig.defaults());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
