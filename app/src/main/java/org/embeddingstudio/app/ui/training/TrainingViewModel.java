package org.embeddingstudio.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.analysis.Drift;
import org.embeddingstudio.core.engine.Engines;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.training.CancellationToken;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.training.run.ClusterExport;
import org.embeddingstudio.core.training.run.EmbeddingComparison;
import org.embeddingstudio.core.training.run.LossCurve;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.RunsFile;
import org.embeddingstudio.core.training.run.TrainAdapterJob;
import org.embeddingstudio.core.training.run.TrainingData;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The Training tool window's state and run life cycle: what to train (adapter, embedding, objective and data,
 * hyper-parameters, device), Start / Cancel / Resume, the live curve and figures, the summary with the embedding
 * rows' drift, the comparison of every embedding on the held-out split, and the runs of this session.
 */
public final class TrainingViewModel {
    /** Where a run is in its life. */
    public enum State { IDLE, RUNNING, CANCELLING, FINISHED, CANCELLED, FAILED }

    /** The adapter architectures of {@link BottleneckConfig}, as the form offers them. */
    public enum AdapterKind {
        SEQ_BN("SeqBn (Pfeiffer, seq_bn)"), HOULSBY("Houlsby (double_seq_bn)");

        private final String label;

        AdapterKind(String label) {
            this.label = label;
        }

        BottleneckConfig config(double reductionFactor) {
            return (this == SEQ_BN ? BottleneckConfig.seqBn() : BottleneckConfig.doubleSeqBn())
                    .withReductionFactor(reductionFactor);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One provenance's drift, for the summary table. */
    public record DriftRow(String origin, int rows, double mean, double median, double max) {
    }

    /** One embedding's held-out score beside the majority baseline. */
    public record ComparisonRow(String embedding, double accuracy, double majority, double loss, int examples,
                                String note) {
    }

    /** One evaluation, for the Evaluations table. */
    public record EvaluationRow(int step, double loss, double accuracy, double majority, int examples) {
    }

    /** One kept run, as the Runs table shows it. */
    public record RunRow(TrainingRun run, String name, String objective, String steps, String finalLoss,
                         String accuracy, String majority, String tokensPerSecond, String time) {
        static RunRow of(TrainingRun run) {
            var outcome = run.outcome();
            var last = run.finalEvaluation();
            return new RunRow(run, run.name(), run.request().objective() == Objective.MASKED_LM ? "masked-LM"
                    : "classification", outcome == null ? "failed" : Integer.toString(outcome.steps()),
                    outcome == null ? "" : String.format(Locale.ROOT, "%.4f", outcome.finalLoss()),
                    last.map(e -> percent(e.accuracy())).orElse(""),
                    last.map(e -> percent(e.majorityAccuracy())).orElse(""),
                    outcome == null ? "" : String.format(Locale.ROOT, "%,.0f", outcome.tokensPerSecond()),
                    outcome == null ? "" : duration(outcome.elapsed()));
        }

        private static String percent(double value) {
            return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
        }
    }

    /** The adapter choice that creates a new adapter. */
    public static final String NEW_ADAPTER = "New adapter…";
    /** At most this many UI updates per second while training. */
    private static final long UPDATE_INTERVAL_NANOS = 100_000_000L;
    private static final int PREVIEW_ROWS = 5;

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final Executor uiThread;
    private final Supplier<Path> runsFolder;
    private final DialogService dialogs;

    private final ObservableList<String> adapterChoices = FXCollections.observableArrayList(NEW_ADAPTER);
    private final StringProperty adapter = new SimpleStringProperty(NEW_ADAPTER);
    private final StringProperty newAdapterName = new SimpleStringProperty("adapter");
    private final ObjectProperty<AdapterKind> adapterKind = new SimpleObjectProperty<>(AdapterKind.SEQ_BN);
    private final StringProperty reductionFactor = new SimpleStringProperty("16");
    private final BooleanProperty trainEmbeddings = new SimpleBooleanProperty(true);
    private final ObjectProperty<Objective> objective = new SimpleObjectProperty<>(Objective.MASKED_LM);
    private final ObjectProperty<Path> dataFile = new SimpleObjectProperty<>();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final StringProperty textColumn = new SimpleStringProperty();
    private final StringProperty pairColumn = new SimpleStringProperty();
    private final StringProperty labelColumn = new SimpleStringProperty();
    private final ObservableList<List<String>> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper dataProblem = new ReadOnlyStringWrapper("");
    private final HyperParameters hyperParameters = new HyperParameters();
    private final ObservableList<String> devices = FXCollections.observableArrayList("cpu()");
    private final StringProperty device = new SimpleStringProperty("cpu()");
    private final ReadOnlyStringWrapper deviceNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper live = new ReadOnlyStringWrapper("");
    private final IntegerProperty step = new SimpleIntegerProperty();
    private final IntegerProperty totalSteps = new SimpleIntegerProperty();
    private final IntegerProperty curveRevision = new SimpleIntegerProperty();
    private final ObservableList<Evaluation> evaluations = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper exported = new ReadOnlyStringWrapper("");
    private final ObservableList<DriftRow> drift = FXCollections.observableArrayList();
    private final ObservableList<ComparisonRow> comparison = FXCollections.observableArrayList();
    private final ObservableList<TrainingRun> runs = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runRows = FXCollections.observableArrayList();
    private final ObservableList<EvaluationRow> evaluationRows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrainingRun> shownRun = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.ObjectProperty<TrainingRun> comparedRun =
            new javafx.beans.property.SimpleObjectProperty<>();
    private final BooleanBinding running = state.isEqualTo(State.RUNNING).or(state.isEqualTo(State.CANCELLING));

    private LossCurve curve = new LossCurve();
    private volatile CancellationToken cancellation;
    private RunRequest current;
    private Path lastCheckpoint;
    private TrainingProgress lastProgress;
    private Runnable afterRun;
    private boolean devicesListed;

    /**
     * @param uiThread   where batched progress is delivered: the FX thread in the app, the caller in tests
     * @param runsFolder where each run's checkpoint folder is made while the workspace is not saved; a saved
     *                   workspace keeps its runs (checkpoints and {@code runs.json}) in a folder beside its file
     */
    public TrainingViewModel(WorkspaceViewModel workspace, TaskRunner tasks, FxBridge uiThread, DialogService dialogs,
                             Supplier<Path> runsFolder) {
        this.workspace = workspace;
        this.dialogs = dialogs;
        this.tasks = tasks;
        this.uiThread = runnable -> uiThread.<Runnable>onUiThread(Runnable::run).accept(runnable);
        this.runsFolder = () -> {
            Path file = workspace.workspaceFileProperty().get();
            return file != null ? file.resolveSibling(file.getFileName() + ".runs") : runsFolder.get();
        };
        workspace.workspaceFileProperty().addListener((o, a, file) -> {
            if (file != null && runs.isEmpty()) {
                loadRuns();
            } else if (file != null) {
                saveRuns();
            }
        });
        workspace.adapters().addListener((ListChangeListener<String>) change -> syncAdapters());
        workspace.modelProperty().addListener((o, a, model) -> {
            syncAdapters();
            if (model != null && !devicesListed) {
                devicesListed = true;
                loadDevices(); // the engine is loaded once a model is
            }
            validate();
        });
        syncAdapters();
        runs.addListener((ListChangeListener<TrainingRun>) c -> runRows.setAll(runs.stream().map(RunRow::of).toList()));
        evaluations.addListener((ListChangeListener<Evaluation>) c -> evaluationRows.setAll(evaluations.stream()
                .map(e -> new EvaluationRow(e.step(), e.loss(), e.accuracy(), e.majorityAccuracy(), e.examples()))
                .toList()));
        Stream.of(adapter, newAdapterName, adapterKind, reductionFactor, objective, dataFile, textColumn,
                        labelColumn, device, dataProblem, workspace.activeEmbeddingProperty())
                .forEach(p -> p.addListener((o, a, b) -> validate()));
        for (var field : hyperParameters.observables()) {
            field.addListener(o -> validate());
        }
        objective.addListener((o, a, b) -> readData());
        dataFile.addListener((o, a, b) -> readData());
        Stream.of(textColumn, pairColumn, labelColumn).forEach(p -> p.addListener((o, a, b) -> {
            if (!readingHeader) {
                readPreview();
            }
        }));
        validate();
    }

    private void syncAdapters() {
        List<String> names = new ArrayList<>(List.of(NEW_ADAPTER));
        names.addAll(workspace.adapters());
        String chosen = adapter.get();
        adapterChoices.setAll(names);
        adapter.set(names.contains(chosen) ? chosen : workspace.activeAdapter().orElse(NEW_ADAPTER));
    }

    // ---- devices ----

    /** Shows the engine's devices and picks the default (a GPU when the CUDA build sees one). */
    public void showDevices(Engines.EngineInfo engine) {
        DeviceChoice choice = DeviceChoice.of(engine);
        devices.setAll(choice.devices());
        device.set(choice.preferred());
        deviceNote.set(choice.note());
        AdapterModel model = workspace.modelProperty().get();
        String modelDevice = model == null ? choice.preferred() : model.device().toString();
        if (!modelDevice.equals(choice.preferred()) && devices.contains(modelDevice)) {
            // Arrays live where the model was opened; training there beats refusing to start.
            device.set(modelDevice);
            deviceNote.set((choice.note() + " " + choice.preferred() + " is available, but the model was opened on "
                    + modelDevice + ", so it trains there.").strip());
        }
    }

    /** Asks the engine for its devices in the background. */
    public void loadDevices() {
        tasks.run("Listing devices…", (progress, token) -> Engines.pytorch(), this::showDevices,
                error -> deviceNote.set("Could not list devices: " + error.getMessage()));
    }

    // ---- data ----

    private boolean readingHeader;

    private void readData() {
        Path file = dataFile.get();
        preview.clear();
        dataProblem.set("");
        if (file == null) {
            return;
        }
        if (objective.get() == Objective.CLASSIFICATION) {
            try {
                TrainingData.requireUtf8(file);
                List<String> header = ClassificationDatasetReader.header(file);
                var guess = ClassificationDatasetReader.Columns.guess(header);
                readingHeader = true;
                columns.setAll(header);
                textColumn.set(guess.text() != null ? guess.text() : header.isEmpty() ? null : header.get(0));
                pairColumn.set(guess.pair());
                labelColumn.set(guess.label() != null ? guess.label()
                        : header.isEmpty() ? null : header.get(header.size() - 1));
            } catch (IOException | RuntimeException e) {
                columns.clear();
                dataProblem.set(String.valueOf(e.getMessage()));
                return;
            } finally {
                readingHeader = false;
            }
        } else {
            columns.clear();
        }
        readPreview();
    }

    /** The first rows as they will be read, or the reason the file will be rejected. */
    private void readPreview() {
        Path file = dataFile.get();
        preview.clear();
        dataProblem.set("");
        if (file == null) {
            return;
        }
        try {
            if (objective.get() == Objective.CLASSIFICATION) {
                List<LabeledExample> examples = TrainingData.examples(file, columns());
                examples.stream().limit(PREVIEW_ROWS).forEach(e -> preview.add(List.of(e.text(),
                        e.pair() == null ? "" : e.pair(), e.label())));
            } else {
                TrainingData.requireUtf8(file);
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank()).limit(PREVIEW_ROWS).forEach(l -> preview.add(List.of(l)));
                }
                if (preview.isEmpty()) {
                    dataProblem.set(file + " is empty: masked-LM training needs text");
                }
            }
        } catch (IOException | RuntimeException e) {
            dataProblem.set(String.valueOf(e.getMessage()));
        }
    }

    /** Offers a masked-LM text file (the demo's corpus) unless the user chose data already. */
    public void suggestData(Path textFile) {
        if (dataFile.get() == null && !running.get()) {
            objective.set(Objective.MASKED_LM);
            dataFile.set(textFile);
        }
    }

    /** Asks for the text file or dataset the objective needs. */
    public void chooseDataFile() {
        boolean classification = objective.get() == Objective.CLASSIFICATION;
        dialogs.chooseFileToOpen(classification ? "Choose a Classification Dataset" : "Choose a Text File",
                classification ? ".csv .tsv .jsonl" : ".txt").ifPresent(dataFile::set);
    }

    private ClassificationDatasetReader.Columns columns() {
        String pair = pairColumn.get();
        return new ClassificationDatasetReader.Columns(textColumn.get(), pair == null || pair.isEmpty() ? null : pair,
                labelColumn.get());
    }

    // ---- validation ----

    private void validate() {
        problem.set(findProblem());
    }

    private String findProblem() {
        AdapterModel model = workspace.modelProperty().get();
        if (model == null) {
            return "Open a model to train.";
        }
        if (NEW_ADAPTER.equals(adapter.get())) {
            String name = newAdapterName.get() == null ? "" : newAdapterName.get().strip();
            if (name.isEmpty()) {
                return "Name the new adapter.";
            }
            if (model.adapterInfos().names().contains(name)) {
                return "An adapter named '" + name + "' exists: pick it above or choose another name.";
            }
            try {
                double factor = Double.parseDouble(reductionFactor.get().strip());
                if (!(factor >= 1)) {
                    return "Reduction factor: must be at least 1.";
                }
            } catch (NumberFormatException | NullPointerException e) {
                return "Reduction factor: '" + reductionFactor.get() + "' is not a number.";
            }
        }
        if (dataFile.get() == null) {
            return objective.get() == Objective.CLASSIFICATION ? "Choose a dataset (CSV, TSV or JSONL)."
                    : "Choose a text file to train on.";
        }
        if (!dataProblem.get().isEmpty()) {
            return dataProblem.get();
        }
        if (objective.get() == Objective.CLASSIFICATION && (textColumn.get() == null || labelColumn.get() == null)) {
            return "Choose the text and the label column.";
        }
        try {
            hyperParameters.parse();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String modelDevice = model.device().toString();
        if (!modelDevice.equals(device.get())) {
            return "The model is loaded on " + modelDevice + ", so it trains there; to train on " + device.get()
                    + ", open the model again with that device.";
        }
        return "";
    }

    // ---- the run ----

    /** Starts a run with the form's settings, creating the adapter first if asked; does nothing while invalid. */
    public void start() {
        validate();
        if (!problem.get().isEmpty() || running.get()) {
            return;
        }
        TrainingConfig config = hyperParameters.parse();
        String adapterName = adapter.get();
        if (NEW_ADAPTER.equals(adapterName)) {
            adapterName = newAdapterName.get().strip();
            workspace.addAdapter(adapterName, adapterKind.get().config(Double.parseDouble(reductionFactor.get())));
            // The model, not the workspace's list: the list catches up on the UI thread a moment later.
            if (!workspace.modelProperty().get().adapterInfos().names().contains(adapterName)) {
                return; // the workspace reported why
            }
            adapter.set(adapterName);
        }
        Path checkpoints = runsFolder.get().resolve("run-" + (runs.size() + 1) + "-" + System.currentTimeMillis());
        RunRequest request = new RunRequest(adapterName, trainEmbeddings.get(), objective.get(), dataFile.get(),
                objective.get() == Objective.CLASSIFICATION ? columns() : null, config, checkpoints);
        curve = new LossCurve();
        evaluations.clear();
        lastCheckpoint = null;
        launch(request, null);
    }

    /** Continues the shown run from its last checkpoint, with the same settings. */
    public void resume() {
        TrainingRun run = shownRun.get();
        if (run == null || run.lastCheckpoint() == null || running.get()) {
            return;
        }
        curve = copyUpTo(run.curve(), stepOf(run.lastCheckpoint()));
        evaluations.setAll(run.evaluations().stream().filter(e -> e.step() <= stepOf(run.lastCheckpoint())).toList());
        lastCheckpoint = run.lastCheckpoint();
        runs.remove(run);
        launch(run.request(), run.lastCheckpoint());
    }

    private static int stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
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

    private record Checkpointed(int step, Path folder) {
    }

    private void launch(RunRequest request, Path resumeFrom) {
        AdapterModel model = workspace.modelProperty().get();
        String embedding = model.activeEmbeddings();
        current = request;
        lastProgress = null;
        summary.set("");
        drift.clear();
        comparison.clear();
        step.set(0);
        totalSteps.set(0);
        live.set(resumeFrom == null ? "Reading " + request.data().getFileName() + "…"
                : "Resuming from " + resumeFrom.getFileName() + "…");
        state.set(State.RUNNING);
        shownRun.set(null);
        curveRevision.set(curveRevision.get() + 1);
        ProgressCoalescer<Object> updates = new ProgressCoalescer<>(uiThread, this::apply, UPDATE_INTERVAL_NANOS,
                System::nanoTime);
        String title = "Training adapter '" + request.adapter() + "' on '" + embedding + "'…";
        tasks.run(title, (sink, token) -> {
            cancellation = token;
            return TrainAdapterJob.runOnItsOwnThread(model, request, resumeFrom, listener(updates, sink), token);
        }, result -> {
            updates.flush();
            finish(request, embedding, result);
        }, error -> {
            updates.flush();
            state.set(State.FAILED);
            summary.set("The run failed: " + error.getMessage());
            live.set("");
            keepRun(request, embedding, null);
            runAfter();
        });
    }

    private TrainingListener listener(ProgressCoalescer<Object> updates, ProgressSink sink) {
        return new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                updates.add(progress);
                sink.progress(progress.step(), progress.totalSteps());
                sink.message(describe(progress, Double.NaN));
            }

            @Override
            public void onEvaluation(Evaluation evaluation) {
                updates.add(evaluation);
            }

            @Override
            public void onCheckpoint(int step, Path folder) {
                updates.add(new Checkpointed(step, folder));
            }
        };
    }

    /** One batch of what the run reported since the last (on the UI thread). */
    private void apply(List<Object> batch) {
        for (Object update : batch) {
            switch (update) {
                case TrainingProgress progress -> {
                    curve.add(progress.step(), progress.loss());
                    lastProgress = progress;
                }
                case Evaluation evaluation -> {
                    evaluations.add(evaluation);
                    curve.addEvaluation(evaluation.step(), evaluation.loss());
                }
                case Checkpointed checkpointed -> lastCheckpoint = checkpointed.folder();
                default -> throw new IllegalStateException("unknown update " + update);
            }
        }
        if (lastProgress != null) {
            step.set(lastProgress.step());
            totalSteps.set(lastProgress.totalSteps());
            live.set(describe(lastProgress, curve.lastSmoothed()));
        }
        curveRevision.set(curveRevision.get() + 1);
    }

    static String describe(TrainingProgress progress, double smoothed) {
        return String.format(Locale.ROOT, "Step %d / %d · loss %.4f%s · lr %.2e · %,.0f tokens/s · ETA %s",
                progress.step(), progress.totalSteps(), progress.loss(),
                Double.isNaN(smoothed) ? "" : String.format(Locale.ROOT, " (smoothed %.4f)", smoothed),
                progress.learningRate(), progress.tokensPerSecond(), duration(progress.remaining()));
    }

    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private void finish(RunRequest request, String embedding, TrainAdapterJob.Result result) {
        var outcome = result.outcome();
        state.set(outcome.cancelled() ? State.CANCELLED : State.FINISHED);
        live.set("");
        drift.setAll(driftRows(result.drift()));
        TrainingRun run = keepRun(request, embedding, outcome);
        summary.set(summarise(run));
        saveRuns();
        runAfter();
    }

    private TrainingRun keepRun(RunRequest request, String embedding, org.embeddingstudio.core.training.TrainingOutcome
            outcome) {
        TrainingRun run = new TrainingRun("Run " + (runs.size() + 1) + ": " + request.adapter() + " on '"
                + embedding + "'", embedding, request, curve, List.copyOf(evaluations), outcome, lastCheckpoint);
        runs.add(run);
        shownRun.set(run);
        return run;
    }

    static String summarise(TrainingRun run) {
        var outcome = run.outcome();
        if (outcome == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s after %d steps in %s: final loss %.4f, %,.0f tokens/s.",
                outcome.cancelled() ? "Cancelled" : "Finished", outcome.steps(), duration(outcome.elapsed()),
                outcome.finalLoss(), outcome.tokensPerSecond()));
        run.finalEvaluation().ifPresent(e -> {
            text.append(String.format(Locale.ROOT, " Held-out (%d predictions): loss %.4f, accuracy %.1f %%",
                    e.examples(), e.loss(), 100 * e.accuracy()));
            if (!Double.isNaN(e.majorityAccuracy())) {
                text.append(String.format(Locale.ROOT, " (always the most frequent label: %.1f %%)",
                        100 * e.majorityAccuracy()));
            }
            text.append('.');
        });
        if (outcome.cancelled() && run.lastCheckpoint() != null) {
            text.append(" It can resume from ").append(run.lastCheckpoint().getFileName()).append('.');
        }
        return text.toString();
    }

    private static List<DriftRow> driftRows(Drift.Report report) {
        if (report == null) {
            return List.of();
        }
        return report.byOrigin().entrySet().stream().map(e -> new DriftRow(e.getKey().label(), e.getValue().rows(),
                e.getValue().mean(), e.getValue().median(), e.getValue().max())).toList();
    }

    /** Reads the runs a saved workspace kept. */
    private void loadRuns() {
        try {
            runs.setAll(RunsFile.read(runsFolder.get().resolve(RunsFile.NAME)));
        } catch (IOException e) {
            summary.set("Could not read the workspace's runs: " + e.getMessage());
        }
    }

    /** Keeps the runs with a saved workspace (a workspace not saved yet gets them when it is saved). */
    private void saveRuns() {
        if (workspace.workspaceFileProperty().get() == null) {
            return;
        }
        try {
            RunsFile.write(runsFolder.get().resolve(RunsFile.NAME), List.copyOf(runs));
        } catch (IOException e) {
            summary.set(summary.get() + "\nCould not keep the runs with the workspace: " + e.getMessage());
        }
    }

    private void runAfter() {
        Runnable after = afterRun;
        afterRun = null;
        if (after != null) {
            after.run();
        }
    }

    /** Asks the run to stop after the current step; the model keeps that step's weights and a checkpoint. */
    public void cancel() {
        CancellationToken token = cancellation;
        if (token != null && state.get() == State.RUNNING) {
            token.cancel();
            state.set(State.CANCELLING);
            live.set("Stopping after this step…");
        }
    }

    /** Cancels a running run and calls {@code then} once it has stopped (and saved its checkpoint). */
    public void cancelThen(Runnable then) {
        if (!running.get()) {
            then.run();
            return;
        }
        afterRun = then;
        cancel();
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

    /** Shows a kept run: its curve, evaluations and summary, and its settings in the form. */
    public void show(TrainingRun run) {
        if (run == null || running.get()) {
            return;
        }
        shownRun.set(run);
        curve = run.curve();
        evaluations.setAll(run.evaluations());
        summary.set(summarise(run));
        current = run.request();
        hyperParameters.show(run.request().config());
        curveRevision.set(curveRevision.get() + 1);
    }

    /**
     * Evaluates the shown run's held-out split with every loaded embedding, each encoding the rows with its own
     * tokenizer, under the run's adapter and head.
     */
    public void compareEmbeddings() {
        AdapterModel model = workspace.modelProperty().get();
        RunRequest request = current;
        if (model == null || request == null || running.get()) {
            return;
        }
        comparison.clear();
        tasks.run("Comparing embeddings on the held-out split…",
                (sink, token) -> EmbeddingComparison.evaluate(model, request, token),
                rows -> comparison.setAll(rows.stream().map(r -> new ComparisonRow(r.embedding(),
                        r.result().map(Evaluation::accuracy).orElse(Double.NaN),
                        r.result().map(Evaluation::majorityAccuracy).orElse(Double.NaN),
                        r.result().map(Evaluation::loss).orElse(Double.NaN),
                        r.result().map(Evaluation::examples).orElse(0), r.problem())).toList()),
                error -> summary.set(summary.get() + "\nComparing failed: " + error.getMessage()));
    }

    /**
     * Writes the shown run as a folder a cluster trains with adapters' {@code AdapterTrainer} and
     * {@code accelerate} ({@link ClusterExport}): embedding, adapter, data, script, launch config, README.
     */
    public void exportForCluster() {
        TrainingRun run = shownRun.get();
        AdapterModel model = workspace.modelProperty().get();
        if (run == null || model == null || running.get()) {
            return;
        }
        dialogs.chooseFolder("Export Run for a Cluster").ifPresent(folder -> exportForCluster(folder, run));
    }

    void exportForCluster(Path folder, TrainingRun run) {
        AdapterModel model = workspace.modelProperty().get();
        tasks.run("Exporting " + run.name() + " for a cluster…", (sink, token) -> {
            ClusterExport.write(folder, model, run.embedding(), run.request());
            return folder;
        }, written -> exported.set("Exported to " + written + ": see README.md there for the accelerate command lines."),
                error -> exported.set("Could not export to " + folder + ": " + error.getMessage()));
    }

    /** Loads what a cluster run wrote ({@code output/embedding}, {@code output/adapter}) for drift and comparison. */
    public void importResults() {
        if (workspace.modelProperty().get() == null || running.get()) {
            return;
        }
        dialogs.chooseFolder("Import Cluster Results").ifPresent(this::importResults);
    }

    void importResults(Path folder) {
        AdapterModel model = workspace.modelProperty().get();
        Path output = Files.isDirectory(folder.resolve(ClusterExport.OUTPUT)) ? folder.resolve(ClusterExport.OUTPUT)
                : folder;
        Path embeddingFolder = output.resolve(ClusterExport.EMBEDDING);
        Path adapterFolder = output.resolve(ClusterExport.ADAPTER);
        if (!Files.isDirectory(embeddingFolder) && !Files.isDirectory(adapterFolder)) {
            exported.set(folder + " has no output/embedding or output/adapter: did the cluster run finish?");
            return;
        }
        StringBuilder note = new StringBuilder();
        if (Files.isDirectory(embeddingFolder)) {
            String name = "cluster";
            for (int i = 2; model.embeddings().names().contains(name); i++) {
                name = "cluster-" + i;
            }
            workspace.loadEmbeddings(embeddingFolder, name);
            note.append("Loaded the trained embedding as '").append(name).append("'. ");
        }
        if (Files.isDirectory(adapterFolder)) {
            workspace.loadAdapter(adapterFolder);
            note.append("Loaded the adapter from ").append(adapterFolder).append(
                    " (an adapter of the same name must not exist). ");
        }
        exported.set(note.toString().strip());
    }

    /** What the last export or import did. */
    public ReadOnlyStringProperty exportedProperty() {
        return exported.getReadOnlyProperty();
    }

    // ---- properties for the view ----

    public ObservableList<String> adapterChoices() {
        return adapterChoices;
    }

    public StringProperty adapterProperty() {
        return adapter;
    }

    public StringProperty newAdapterNameProperty() {
        return newAdapterName;
    }

    public ObjectProperty<AdapterKind> adapterKindProperty() {
        return adapterKind;
    }

    public StringProperty reductionFactorProperty() {
        return reductionFactor;
    }

    /** The embedding a run trains: the active one. */
    public ReadOnlyStringProperty embeddingProperty() {
        return workspace.activeEmbeddingProperty();
    }

    public BooleanProperty trainEmbeddingsProperty() {
        return trainEmbeddings;
    }

    public ObjectProperty<Objective> objectiveProperty() {
        return objective;
    }

    /** Every objective, in the order the form offers them. */
    public ObservableList<Objective> objectives() {
        return FXCollections.observableArrayList(Objective.values());
    }

    /** Whether the objective is classification (which shows the column choices). */
    public BooleanBinding classificationBinding() {
        return objective.isEqualTo(Objective.CLASSIFICATION);
    }

    public ObjectProperty<Path> dataFileProperty() {
        return dataFile;
    }

    public ObservableList<String> columnNames() {
        return columns;
    }

    public StringProperty textColumnProperty() {
        return textColumn;
    }

    public StringProperty pairColumnProperty() {
        return pairColumn;
    }

    public StringProperty labelColumnProperty() {
        return labelColumn;
    }

    /** The first rows: (text) for masked-LM, (text, pair, label) for classification. */
    public ObservableList<List<String>> preview() {
        return preview;
    }

    public HyperParameters hyperParameters() {
        return hyperParameters;
    }

    public ObservableList<String> devices() {
        return devices;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public ReadOnlyStringProperty deviceNoteProperty() {
        return deviceNote.getReadOnlyProperty();
    }

    /** Why Start is not possible now, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public BooleanBinding runningBinding() {
        return running;
    }

    public BooleanBinding canStartBinding() {
        return Bindings.createBooleanBinding(() -> problem.get().isEmpty() && !running.get(), problem, running);
    }

    public BooleanBinding canResumeBinding() {
        return Bindings.createBooleanBinding(() -> !running.get() && shownRun.get() != null
                        && shownRun.get().lastCheckpoint() != null && shownRun.get().outcome() != null
                        && shownRun.get().outcome().cancelled(), running, shownRun);
    }

    /** Step, loss (raw and smoothed), learning rate, tokens/s and ETA while running. */
    public ReadOnlyStringProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    public IntegerProperty stepProperty() {
        return step;
    }

    public IntegerProperty totalStepsProperty() {
        return totalSteps;
    }

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

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<DriftRow> drift() {
        return drift;
    }

    public ObservableList<ComparisonRow> comparison() {
        return comparison;
    }

    public ObservableList<TrainingRun> runs() {
        return runs;
    }

    public ObservableList<RunRow> runRows() {
        return runRows;
    }

    public ObservableList<EvaluationRow> evaluationRows() {
        return evaluationRows;
    }

    public ReadOnlyObjectProperty<TrainingRun> shownRunProperty() {
        return shownRun.getReadOnlyProperty();
    }
}
