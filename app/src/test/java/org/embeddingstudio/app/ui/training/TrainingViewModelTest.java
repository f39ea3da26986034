package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.training.run.LossCurve;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.TrainingRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run life cycle on a real tiny BERT, without a screen: start, progress, cancel, resume, failure, compare. */
class TrainingViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;
    TrainingViewModel training;
    Path corpus;

    @BeforeEach
    void open() throws Exception {
        training = TestTraining.open(test, temp);
        corpus = TestTraining.corpus(temp);
        training.form().hyperParameters().batchSize().set("4");
        training.form().hyperParameters().sequenceLength().set("16");
        training.form().hyperParameters().learningRate().set("1e-3");
    }

    @Test
    void aRunCreatesTheAdapterDrawsTheCurveAndEndsWithASummaryAndDrift() {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("5");
        assertEquals("", training.form().problemProperty().get());
        assertEquals(List.of("w5 w20 w30 w31 w40 w50"), training.data().preview().get(0),
                "the first line is previewed");

        training.run().start();

        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        assertTrue(workspace.adapters().contains("adapter"), "the new adapter was added to the workspace");
        assertEquals(5, training.history().curve().size());
        assertEquals(5, training.history().curve().step(4));
        assertTrue(Float.isFinite(training.history().curve().smoothed(4)));
        assertTrue(training.history().summaryProperty().get().startsWith("Finished after 5 steps"),
                training.history().summaryProperty().get());
        assertFalse(training.history().drift().isEmpty(), "the embedding trained, so its rows drifted");
        assertTrue(training.history().drift().stream().allMatch(d -> d.mean() >= 0 && d.rows() > 0));
        assertEquals(1, training.history().runs().size());
        assertTrue(workspace.log().stream().anyMatch(e -> e.text().startsWith("Training changed")),
                workspace.log().toString());
        assertTrue(test.errors.isEmpty(), test.errors.toString());
    }

    @Test
    void closingDuringARunStopsItSavesACheckpointAndOnlyThenCloses() {
        // What the window does when the user confirms closing while training: cancelThen(close).
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("12");
        training.form().hyperParameters().checkpointEvery().set("0");
        List<String> closedWhen = new ArrayList<>();
        boolean[] asked = {false};
        training.run().stepProperty().addListener((o, a, step) -> {
            if (!asked[0] && step.intValue() >= 1) { // progress is coalesced: the first step shown may be any
                asked[0] = true;
                training.run().cancelThen(() -> closedWhen.add(training.run().stateProperty().get()
                        + " with checkpoint " + (training.history().runs().get(0).lastCheckpoint() != null)));
            }
        });

        training.run().start();

        assertEquals(List.of("CANCELLED with checkpoint true"), closedWhen, "closed once, after the run stopped");
        assertTrue(training.history().runs().get(0).outcome().steps() < 12);
    }

    @Test
    void twoRunsCompareWithTheSecondCurveDrawnBehindTheFirst() {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("3");
        training.run().start();
        training.form().hyperParameters().steps().set("6");
        training.run().start();
        assertEquals(2, training.history().runs().size());
        var first = training.history().runs().get(0);
        var second = training.history().runs().get(1);

        training.history().show(first);
        training.history().compareWith(second);

        assertEquals(3, training.history().curve().size(), "the shown run's curve");
        assertEquals(6, training.history().comparedCurve().size(), "the other run's curve, behind it");
        assertEquals(second.name(), training.history().comparedName());
        training.history().compareWith(first);
        assertEquals(null, training.history().comparedCurve(), "a run is not compared with itself");
    }

    @Test
    void cancellingStopsBetweenStepsKeepsACheckpointAndResumeRunsToTheEnd() {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("12");
        training.form().hyperParameters().checkpointEvery().set("0");
        boolean[] cancelAtFirstStep = {true};
        List<String> shownAfterCancel = new ArrayList<>();
        training.run().stepProperty().addListener((o, a, step) -> {
            if (cancelAtFirstStep[0] && step.intValue() >= 1) {
                training.run().cancel();
                shownAfterCancel.add(training.run().liveProperty().get());
            }
        });
        training.run().liveProperty().addListener((o, a, text) -> {
            if (training.run().stateProperty().get() == TrainingRunViewModel.State.CANCELLING) {
                shownAfterCancel.add(text);
            }
        });

        training.run().start();

        // Until the run has stopped, the panel says it is stopping, whatever progress the step in flight reports.
        assertFalse(shownAfterCancel.isEmpty());
        shownAfterCancel.forEach(text -> assertTrue(text.startsWith("Cancelling…"), text));

        assertEquals(TrainingRunViewModel.State.CANCELLED, training.run().stateProperty().get());
        TrainingRun cancelled = training.history().runs().get(0);
        assertTrue(cancelled.outcome().steps() < 12, "stopped early at step " + cancelled.outcome().steps());
        assertNotNull(cancelled.lastCheckpoint(), "a cancelled run saves a checkpoint where it stopped");
        assertTrue(Files.isRegularFile(cancelled.lastCheckpoint().resolve("trainer_state.json")));
        assertTrue(training.history().summaryProperty().get().contains("can resume"),
                training.history().summaryProperty().get());
        assertTrue(training.run().canResumeBinding().get());
        AdapterModel trained = (AdapterModel) workspace.modelProperty().get();
        assertTrue(Float.isFinite(trained.read(p -> p.embedding(trained.activeEmbeddings()).weight().sum().getFloat())),
                "the model stays usable");

        cancelAtFirstStep[0] = false;
        training.run().resume();

        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        LossCurve curve = training.history().curve();
        assertEquals(12, curve.step(curve.size() - 1), "the resumed run reached the planned last step");
        assertEquals(12, curve.size(), "the curve continues from the checkpoint without gaps or repeats");
        assertEquals(1, training.history().runs().size(), "the resumed run replaces the cancelled one");
    }

    @Test
    void aResumedRunStillBreaksTheDriftDownByWhereTheRowsCameFrom() throws Exception {
        Path vocabulary = TestWorkspace.newVocabulary(temp.resolve("new-vocab.txt"), 60, 20);
        workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocabulary, "default", null, OptionalLong.of(1)));
        workspace.setActive("new");
        Map<String, Integer> made = new TreeMap<>();
        workspace.modelProperty().get().embedding("new").rowOriginCounts()
                .forEach((origin, rows) -> made.put(origin.label(), rows));
        assertEquals(Set.of("copied", "random"), made.keySet(), "the rows shared with 'default' copied, the rest not");
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("12");
        training.form().hyperParameters().checkpointEvery().set("0");
        boolean[] cancelAtFirstStep = {true};
        training.run().stepProperty().addListener((o, a, step) -> {
            if (cancelAtFirstStep[0] && step.intValue() >= 1) {
                training.run().cancel();
            }
        });
        training.run().start();
        assertEquals(TrainingRunViewModel.State.CANCELLED, training.run().stateProperty().get());
        assertEquals(made, driftRowsByOrigin(), "the cancelled part's drift");

        cancelAtFirstStep[0] = false;
        training.run().resume();

        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        // The cancelled part marked the rows it changed as trained; the run's breakdown is by where they came from.
        assertEquals(made, driftRowsByOrigin(), "the resumed run's drift, by the rows' origins when the run began");
    }

    private Map<String, Integer> driftRowsByOrigin() {
        Map<String, Integer> rows = new TreeMap<>();
        training.history().drift().forEach(d -> rows.put(d.origin(), d.rows()));
        return rows;
    }

    @Test
    void aRunThatTrainsOnlyTheAdapterAndHeadLeavesTheWorkspaceUnsaved() {
        training.data().dataFileProperty().set(corpus);
        training.form().trainEmbeddingsProperty().set(false);
        training.form().hyperParameters().steps().set("2");
        workspace.addAdapter("adapter", BottleneckConfig.seqBn());
        training.form().adapterProperty().set("adapter");
        workspace.saveWorkspace(temp.resolve("study.esw"));
        assertFalse(workspace.dirtyBinding().get());

        training.run().start();

        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        assertFalse(workspace.embeddings().stream().anyMatch(e -> e.unsavedTraining()), "no embedding trained");
        assertTrue(workspace.dirtyBinding().get(), "the adapter and the masked-LM head changed: unsaved");
    }

    @Test
    void runsAreKeptWithTheSavedWorkspaceAndReopenWithTheirCurves() throws Exception {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("3");
        training.run().start();
        Path file = temp.resolve("study.esw");
        workspace.saveWorkspace(file);
        assertTrue(Files.isRegularFile(temp.resolve("study.files/runs/runs.json")));
        training.form().hyperParameters().steps().set("2");
        training.run().start(); // a second run after saving is kept at once
        TrainingRun second = training.history().runs().get(1);

        TestWorkspace reopened = TestWorkspace.openIn(temp.resolve("again"));
        try {
            TrainingViewModel later = new TrainingViewModel(reopened.workspace, new ImmediateTaskRunner(),
                    new FxBridge(Runnable::run), reopened.dialogs, () -> temp.resolve("unused"));
            reopened.workspace.openWorkspace(file);
            assertEquals(2, later.history().runs().size(), reopened.errors.toString());
            TrainingRun kept = later.history().runs().get(1);
            assertEquals(second.name(), kept.name());
            assertEquals(second.request(), kept.request());
            assertEquals(2, kept.curve().size());
            assertEquals(second.curve().raw(1), kept.curve().raw(1));
            assertEquals(second.outcome().steps(), kept.outcome().steps());
            assertEquals(second.evaluations(), kept.evaluations());
            later.history().show(kept);
            assertEquals("2", later.form().hyperParameters().steps().get(), "the run's settings are shown again");
            assertTrue(later.history().summaryProperty().get().startsWith("Finished after 2 steps"));
        } finally {
            reopened.workspace.modelProperty().get().close();
        }
    }

    @Test
    void runsAndTheirCheckpointsMoveWithTheWorkspaceAndAnotherWorkspaceShowsOnlyItsOwn() throws Exception {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("3");
        training.form().hyperParameters().checkpointEvery().set("0");
        boolean[] cancelAtFirstStep = {true};
        training.run().stepProperty().addListener((o, a, step) -> {
            if (cancelAtFirstStep[0] && step.intValue() >= 1) {
                training.run().cancel();
            }
        });
        training.run().start(); // before the first save: its checkpoint lies outside the workspace
        TrainingRun cancelled = training.history().runs().get(0);
        assertTrue(cancelled.lastCheckpoint().startsWith(temp.resolve("runs")), cancelled.lastCheckpoint().toString());
        Path file = temp.resolve("project/study.esw");
        Files.createDirectories(file.getParent());
        workspace.saveWorkspace(file);
        Path other = temp.resolve("other.esw");
        TestWorkspace second = TestWorkspace.openIn(temp.resolve("second"));
        second.workspace.saveWorkspace(other);
        second.workspace.modelProperty().get().close();

        workspace.openWorkspace(other);
        assertEquals(List.of(), training.history().runs(), "another workspace shows its own runs, none");
        assertFalse(Files.exists(temp.resolve("other.files/runs/runs.json")), "and gets no runs written into it");

        Files.move(temp.resolve("project"), temp.resolve("moved"));
        deleteTree(temp.resolve("runs"));
        workspace.openWorkspace(temp.resolve("moved/study.esw"));
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertEquals(1, training.history().runs().size());
        TrainingRun kept = training.history().runs().get(0);
        assertTrue(kept.lastCheckpoint().startsWith(temp.resolve("moved/study.files/runs")),
                kept.lastCheckpoint().toString());
        assertTrue(Files.isRegularFile(kept.lastCheckpoint().resolve("trainer_state.json")),
                "the checkpoint was kept inside the workspace and moved with it");

        cancelAtFirstStep[0] = false;
        training.history().show(kept);
        training.run().resume();
        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
    }

    @Test
    void runsOfAWorkspaceSavedBeforeBesideItsFileStillOpen() throws Exception {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().steps().set("2");
        training.run().start();
        Path file = temp.resolve("old.esw");
        workspace.saveWorkspace(file);
        Files.move(temp.resolve("old.files/runs"), temp.resolve("old.esw.runs"));
        workspace.openWorkspace(file);
        assertEquals(1, training.history().runs().size(), test.errors.toString());
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void anInvalidDatasetIsRejectedBeforeTrainingNamingFileRowAndColumn() throws Exception {
        training.data().objectiveProperty().set(Objective.CLASSIFICATION);
        Path missingLabel = temp.resolve("reviews.csv");
        Files.writeString(missingLabel, "text,label\nw5 w6,pos\nw7 w8,\nw9,neg\n");
        training.data().dataFileProperty().set(missingLabel);
        String problem = training.form().problemProperty().get();
        assertTrue(problem.contains("reviews.csv") && problem.contains("row 3") && problem.contains("'label'"),
                problem);
        training.run().start();
        assertEquals(TrainingRunViewModel.State.IDLE, training.run().stateProperty().get());
        assertTrue(workspace.adapters().isEmpty(), "nothing was created for a run that could not start");

        Path latin1 = temp.resolve("latin1.tsv");
        Files.write(latin1,
                "sentence\tlabel\nw5\tpos\ngr\u00fcn\tneg\n".getBytes(StandardCharsets.ISO_8859_1));
        training.data().dataFileProperty().set(latin1);
        problem = training.form().problemProperty().get();
        assertTrue(problem.contains("latin1.tsv") && problem.contains("not UTF-8") && problem.contains("row 3"),
                problem);

        Path empty = temp.resolve("empty.jsonl");
        Files.writeString(empty, "");
        training.data().dataFileProperty().set(empty);
        assertTrue(training.form().problemProperty().get().contains("empty.jsonl"),
                training.form().problemProperty().get());
    }

    @Test
    void badHyperParametersNameTheField() {
        training.data().dataFileProperty().set(corpus);
        training.form().hyperParameters().learningRate().set("fast");
        assertEquals("Learning rate: 'fast' is not a number", training.form().problemProperty().get());
        training.form().hyperParameters().learningRate().set("1e-4");
        training.form().hyperParameters().batchSize().set("0");
        assertEquals("batch size must be positive", training.form().problemProperty().get());
    }

    @Test
    void aFailingRunEndsInFailedWithTheReason() throws Exception {
        training.data().dataFileProperty().set(corpus);
        Files.delete(corpus); // gone between choosing and starting
        training.run().start();
        assertEquals(TrainingRunViewModel.State.FAILED, training.run().stateProperty().get());
        assertTrue(training.history().summaryProperty().get().contains("corpus.txt"),
                training.history().summaryProperty().get());
        assertFalse(training.run().runningBinding().get());
    }

    @Test
    void compareEvaluatesTheHeldOutSplitWithEveryEmbeddingBesideTheMajorityBaseline() throws Exception {
        Path sentences = temp.resolve("sentences.jsonl");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(i % 3 == 0 ? "{\"text\": \"w5 w6 w7\", \"label\": \"a\"}"
                    : "{\"text\": \"w8 w9\", \"label\": \"b\"}");
        }
        Files.write(sentences, rows);
        Path other = temp.resolve("other");
        Files.createDirectories(other);
        Files.write(other.resolve("vocab.txt"), TestWorkspace.vocabulary(40, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("other", other.resolve("vocab.txt"), "default", null,
                OptionalLong.of(1)));
        workspace.setActive("default");
        training.data().objectiveProperty().set(Objective.CLASSIFICATION);
        training.data().dataFileProperty().set(sentences);
        assertEquals(List.of("text", "label"), training.data().columnNames());
        assertEquals(List.of("w5 w6 w7", "", "a"), training.data().preview().get(0));
        training.form().hyperParameters().steps().set("3");
        training.form().hyperParameters().heldOut().set("0.3");
        training.run().start();
        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());

        training.comparison().compareEmbeddings();

        assertEquals(List.of("default", "other"), training.comparison().comparison().stream()
                .map(EmbeddingComparisonViewModel.ComparisonRow::embedding).toList());
        for (EmbeddingComparisonViewModel.ComparisonRow row : training.comparison().comparison()) {
            assertEquals(9, row.examples(), row.toString());
            assertTrue(row.accuracy() >= 0 && row.accuracy() <= 1, row.toString());
            assertTrue(row.majority() > 0.5, "b is the majority label: " + row);
        }
        assertEquals("default", workspace.activeEmbeddingProperty().get(), "the active embedding is restored");
    }
}
