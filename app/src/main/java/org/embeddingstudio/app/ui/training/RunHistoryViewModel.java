package org.embeddingstudio.app.ui.training;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.workspace.WorkspacePart;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.analysis.Drift;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.training.run.LossCurve;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runs of this workspace and the one shown: its curve (with another run's drawn behind it), evaluations, summary
 * and the embedding rows' drift. A saved workspace keeps its runs in {@code NAME.files/runs/} ({@link WorkspaceRuns}).
 */
public final class RunHistoryViewModel {
    /** One provenance's drift, for the summary table. */
    public record DriftRow(String origin, int rows, double mean, double median, double max) {
    }

    /** One evaluation, for the Evaluations table. */
    public record EvaluationRow(int step, double loss, double accuracy, double majority, int examples) {
    }

    private final WorkspaceViewModel workspace;
    private final Supplier<Path> runsFolder;
    private final HyperParameters hyperParameters;
    private final ObservableBooleanValue running;
    private final ObservableList<TrainingRun> runs = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runRows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrainingRun> shownRun = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<TrainingRun> comparedRun = new SimpleObjectProperty<>();
    private final IntegerProperty curveRevision = new SimpleIntegerProperty();
    private final ObservableList<Evaluation> evaluations = FXCollections.observableArrayList();
    private final ObservableList<EvaluationRow> evaluationRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<DriftRow> drift = FXCollections.observableArrayList();
    private LossCurve curve = new LossCurve();
    private RunRequest current;

    /**
     * @param runsFolder      where each run's checkpoint folder is made while the workspace is not saved; a saved
     *                        workspace keeps its runs (checkpoints and {@code runs.json}) in a folder beside its file
     * @param hyperParameters the form's, which show a reopened run's settings
     * @param running         whether a run is going on (another run is not shown then)
     */
    public RunHistoryViewModel(WorkspaceViewModel workspace, Supplier<Path> runsFolder, HyperParameters hyperParameters,
                               ObservableBooleanValue running) {
        this.workspace = workspace;
        this.hyperParameters = hyperParameters;
        this.running = running;
        this.runsFolder = () -> {
            Path file = workspace.workspaceFileProperty().get();
            return file != null ? WorkspaceRuns.folder(file) : runsFolder.get();
        };
        workspace.addPart(new WorkspacePart() {
            @Override
            public Writer prepareSave(Path file) {
                List<TrainingRun> kept = List.copyOf(runs);
                return () -> WorkspaceRuns.write(WorkspaceRuns.folder(file), kept, true);
            }

            @Override
            public void opened(Path file) {
                loadRuns(file);
            }
        });
        runs.addListener((ListChangeListener<TrainingRun>) c -> runRows.setAll(runs.stream().map(RunRow::of).toList()));
        evaluations.addListener((ListChangeListener<Evaluation>) c -> evaluationRows.setAll(evaluations.stream()
                .map(e -> new EvaluationRow(e.step(), e.loss(), e.accuracy(), e.majorityAccuracy(), e.examples()))
                .toList()));
    }

    /** Shows a kept run: its curve, evaluations and summary, and its settings in the form. */
    public void show(TrainingRun run) {
        if (run == null || running.get()) {
            return;
        }
        shownRun.set(run);
        curve = run.curve();
        evaluations.setAll(run.evaluations());
        summary.set(RunText.summarise(run));
        current = run.request();
        hyperParameters.show(run.request().config());
        curveRevision.set(curveRevision.get() + 1);
    }

    /**
     * Draws {@code other}'s smoothed loss behind the shown run's curve (null: none), so two runs compare at a glance.
     */
    public void compareWith(TrainingRun other) {
        comparedRun.set(other == shownRun.get() ? null : other);
        curveRevision.set(curveRevision.get() + 1);
    }

    /** The curve drawn behind the shown one, or null. */
    public LossCurve comparedCurve() {
        return comparedRun.get() == null ? null : comparedRun.get().curve();
    }

    /** The name of the run drawn behind the shown one, or "". */
    public String comparedName() {
        return comparedRun.get() == null ? "" : comparedRun.get().name();
    }

    // ---- what a run changes (TrainingRunViewModel) ----

    /** A new checkpoint folder for the next run. */
    Path newCheckpointFolder() {
        return runsFolder.get().resolve("run-" + (runs.size() + 1) + "-" + System.currentTimeMillis());
    }

    /** Starts an empty curve (a new run). */
    void startCurve() {
        curve = new LossCurve();
        evaluations.clear();
    }

    /** Continues {@code run}'s curve and evaluations up to {@code lastStep}, the run leaving the list to be redone. */
    void continueFrom(TrainingRun run, int lastStep) {
        curve = copyUpTo(run.curve(), lastStep);
        evaluations.setAll(run.evaluations().stream().filter(e -> e.step() <= lastStep).toList());
    }

    private static LossCurve copyUpTo(LossCurve source, int lastStep) {
        LossCurve copy = new LossCurve();
        for (int i = 0; i < source.size() && source.step(i) <= lastStep; i++) {
            copy.add(source.step(i), source.raw(i));
        }
        for (int i = 0; i < source.evaluations(); i++) {
            if (source.evaluationStep(i) <= lastStep) {
                copy.addEvaluation(source.evaluationStep(i), source.evaluationLoss(i));
            }
        }
        return copy;
    }

    /** A run begins: nothing of an earlier one is summarised. */
    void beginRun(RunRequest request) {
        current = request;
        summary.set("");
        drift.clear();
    }

    /** A run is going: no kept run is shown, the running one's curve is. */
    void showRunning() {
        shownRun.set(null);
        redraw();
    }

    void redraw() {
        curveRevision.set(curveRevision.get() + 1);
    }

    /**
     * Keeps a run that ended (outcome null: it failed) with the curve and evaluations so far, and shows it.
     *
     * @param heldOutCheck a decoder's zero-shot check on the held-out text, or null
     */
    TrainingRun keep(RunRequest request, String embedding, TrainingOutcome outcome, Path lastCheckpoint,
                     ZeroShotCheck heldOutCheck) {
        TrainingRun run = new TrainingRun("Run " + (runs.size() + 1) + ": " + request.adapter() + " on '"
                + embedding + "'", embedding, request, curve, List.copyOf(evaluations), outcome, lastCheckpoint,
                heldOutCheck);
        runs.add(run);
        shownRun.set(run);
        return run;
    }

    void showDrift(Drift.Report report) {
        drift.setAll(report == null ? List.of() : report.byOrigin().entrySet().stream().map(e -> new DriftRow(
                e.getKey().label(), e.getValue().rows(), e.getValue().mean(), e.getValue().median(),
                e.getValue().max())).toList());
    }

    void setSummary(String text) {
        summary.set(text);
    }

    /** The request of the run shown or running, or null. */
    RunRequest currentRequest() {
        return current;
    }

    /** Shows the runs a workspace kept; none for a model opened without one (runs belong to a workspace). */
    private void loadRuns(Path file) {
        runs.clear();
        if (file == null) {
            return;
        }
        try {
            runs.setAll(WorkspaceRuns.read(file));
        } catch (IOException e) {
            summary.set("Could not read the workspace's runs: " + e.getMessage());
        }
    }

    /** Keeps the runs with a saved workspace (a workspace not saved yet gets them when it is saved). */
    void saveRuns() {
        if (workspace.workspaceFileProperty().get() == null) {
            return;
        }
        try {
            // Checkpoints kept elsewhere are copied in by the next workspace save, not here on the UI thread.
            WorkspaceRuns.write(runsFolder.get(), List.copyOf(runs), false);
        } catch (IOException e) {
            summary.set(summary.get() + "\nCould not keep the runs with the workspace: " + e.getMessage());
        }
    }

    // ---- properties for the view ----

    /** The curve now shown (the running or a reopened run's). */
    public LossCurve curve() {
        return curve;
    }

    /** Changes whenever the curve has new points or another curve is shown: the view redraws then. */
    public IntegerProperty curveRevisionProperty() {
        return curveRevision;
    }

    public ObservableList<Evaluation> evaluations() {
        return evaluations;
    }

    public ObservableList<EvaluationRow> evaluationRows() {
        return evaluationRows;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<DriftRow> drift() {
        return drift;
    }

    public ObservableList<TrainingRun> runs() {
        return runs;
    }

    public ObservableList<RunRow> runRows() {
        return runRows;
    }

    public ReadOnlyObjectProperty<TrainingRun> shownRunProperty() {
        return shownRun.getReadOnlyProperty();
    }
}
