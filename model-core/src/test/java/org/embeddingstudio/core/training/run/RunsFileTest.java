package org.embeddingstudio.core.training.run;

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

/** runs.json: every run's settings, curve, evaluations and outcome come back as they were written. */
class RunsFileTest {
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
                temp.resolve("run-1").resolve("checkpoint-2"));
        RunRequest maskedLm = new RunRequest("news-de", true, Objective.MASKED_LM, temp.resolve("corpus.txt"), null,
                config, temp.resolve("run-2"));
        TrainingRun failed = new TrainingRun("Run 2: news-de on 'news'", "news", maskedLm, new LossCurve(), List.of(),
                null, null);
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
}
