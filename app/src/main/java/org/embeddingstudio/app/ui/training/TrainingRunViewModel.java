package org.embeddingstudio.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import org.embeddingstudio.app.ui.fx.BackgroundTask;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.TrainAdapterJob;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A run's life cycle: Start (with the form's settings) / Cancel / Resume, the live figures while it trains (the
 * curve goes to {@link RunHistoryViewModel}), and how it ended. The run itself is model-core's
 * {@link TrainAdapterJob}.
 */
public final class TrainingRunViewModel {
    /** Where a run is in its life. */
    public enum State { IDLE, RUNNING, CANCELLING, FINISHED, CANCELLED, FAILED }

    /** At most this many UI updates per second while training. */
    private static final long UPDATE_INTERVAL_NANOS = 100_000_000L;

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final Executor uiThread;
    private final TrainingFormViewModel form;
    private final RunHistoryViewModel history;
    private final EmbeddingComparisonViewModel comparison;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper live = new ReadOnlyStringWrapper("");
    private final IntegerProperty step = new SimpleIntegerProperty();
    private final IntegerProperty totalSteps = new SimpleIntegerProperty();
    private final BooleanBinding running = state.isEqualTo(State.RUNNING).or(state.isEqualTo(State.CANCELLING));

    private volatile CancellationToken cancellation;
    private TaskRunner.RunningTask runningTask;
    private Path lastCheckpoint;
    private TrainingProgress lastProgress;
    private Runnable afterRun;

    /** @param uiThread where batched progress is delivered: the FX thread in the app, the caller in tests */
    public TrainingRunViewModel(WorkspaceViewModel workspace, TaskRunner tasks, Executor uiThread,
                                TrainingFormViewModel form, RunHistoryViewModel history,
                                EmbeddingComparisonViewModel comparison) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.uiThread = uiThread;
        this.form = form;
        this.history = history;
        this.comparison = comparison;
    }

    /** Starts a run with the form's settings, creating the adapter first if asked; does nothing while invalid. */
    public void start() {
        form.validate();
        if (!form.problemProperty().get().isEmpty() || running.get()) {
            return;
        }
        RunRequest request = form.request(history::newCheckpointFolder);
        if (request == null) {
            return; // the workspace reported why
        }
        history.startCurve();
        lastCheckpoint = null;
        launch(request, null);
    }

    /** Continues the shown run from its last checkpoint, with the same settings. */
    public void resume() {
        TrainingRun run = history.shownRunProperty().get();
        if (run == null || run.lastCheckpoint() == null || running.get()) {
            return;
        }
        history.continueFrom(run, stepOf(run.lastCheckpoint()));
        lastCheckpoint = run.lastCheckpoint();
        history.runs().remove(run);
        launch(run.request(), run.lastCheckpoint());
    }

    private static int stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    private record Checkpointed(int step, Path folder) {
    }

    private void launch(RunRequest request, Path resumeFrom) {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String embedding = model.activeEmbeddings();
        lastProgress = null;
        history.beginRun(request);
        comparison.comparison().clear();
        step.set(0);
        totalSteps.set(0);
        live.set(resumeFrom == null ? "Reading " + request.data().getFileName() + "…"
                : "Resuming from " + resumeFrom.getFileName() + "…");
        state.set(State.RUNNING);
        history.showRunning();
        ProgressCoalescer<Object> updates = new ProgressCoalescer<>(uiThread, this::apply, UPDATE_INTERVAL_NANOS,
                System::nanoTime);
        String title = "Training adapter '" + request.adapter() + "' on '" + embedding + "'…";
        runningTask = null; // a runner that works on the calling thread hands the handle out only at the end
        runningTask = tasks.run(title, (sink, token) -> {
            cancellation = token;
            return TrainAdapterJob.runOnItsOwnThread(model, request, resumeFrom, listener(updates, sink), token);
        }, result -> {
            updates.flush();
            finish(request, embedding, result);
        }, error -> {
            updates.flush();
            state.set(State.FAILED);
            history.setSummary("The run failed: " + error.getMessage());
            live.set("");
            history.keep(request, embedding, null, lastCheckpoint, null);
            // Steps before the failure changed the model's weights in place.
            workspace.markChanged("A failed run may have changed adapter '" + request.adapter() + "'");
            runAfter();
        });
    }

    private TrainingListener listener(ProgressCoalescer<Object> updates, ProgressSink sink) {
        return new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                updates.add(progress);
                sink.progress(progress.step(), progress.totalSteps());
                sink.message(RunText.describe(progress, Double.NaN));
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
                    history.curve().add(progress.step(), progress.loss());
                    lastProgress = progress;
                }
                case Evaluation evaluation -> {
                    history.evaluations().add(evaluation);
                    history.curve().addEvaluation(evaluation.step(), evaluation.loss());
                }
                case Checkpointed checkpointed -> lastCheckpoint = checkpointed.folder();
                default -> throw new IllegalStateException("unknown update " + update);
            }
        }
        if (lastProgress != null) {
            step.set(lastProgress.step());
            totalSteps.set(lastProgress.totalSteps());
            live.set(state.get() == State.CANCELLING ? cancellingText()
                    : RunText.describe(lastProgress, history.curve().lastSmoothed()));
        }
        history.redraw();
    }

    private void finish(RunRequest request, String embedding, TrainAdapterJob.Result result) {
        var outcome = result.outcome();
        state.set(outcome.cancelled() ? State.CANCELLED : State.FINISHED);
        live.set("");
        history.showDrift(result.drift());
        TrainingRun run = history.keep(request, embedding, outcome, lastCheckpoint, result.heldOutCheck());
        // a next-token run has no head of its own: a decoder predicts through the output side of its embedding
        workspace.markChanged("Training changed adapter '" + request.adapter() + "'"
                + (request.objective() == Objective.CAUSAL_LM ? "" : " and its head"));
        history.setSummary(RunText.summarise(run));
        history.saveRuns();
        runAfter();
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
            if (runningTask != null) {
                runningTask.cancel(); // the status bar says "Cancelling…" too
            }
            state.set(State.CANCELLING);
            live.set(cancellingText());
        }
    }

    /** What the panel says between Cancel and the end of the step in flight (which may take seconds). */
    private String cancellingText() {
        return BackgroundTask.CANCELLING + " the step in flight finishes first"
                + (lastProgress == null ? "" : " (" + lastProgress.step() + " / " + lastProgress.totalSteps()
                + " done)");
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

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public BooleanBinding runningBinding() {
        return running;
    }

    public BooleanBinding canStartBinding() {
        return Bindings.createBooleanBinding(() -> form.problemProperty().get().isEmpty() && !running.get(),
                form.problemProperty(), running);
    }

    public BooleanBinding canResumeBinding() {
        var shown = history.shownRunProperty();
        return Bindings.createBooleanBinding(() -> !running.get() && shown.get() != null
                && shown.get().lastCheckpoint() != null && shown.get().outcome() != null
                && shown.get().outcome().cancelled(), running, shown);
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
}
