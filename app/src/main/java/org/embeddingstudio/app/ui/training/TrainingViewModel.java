package org.embeddingstudio.app.ui.training;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.model.DecoderModel;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Training tool window's view models, wired together: what to train ({@link #form()}, with its
 * {@link #data()}), a run's life cycle ({@link #run()}), the runs and the one shown ({@link #history()}), the
 * comparison of every embedding on the held-out split ({@link #comparison()}) and the exchange with a cluster
 * ({@link #cluster()}), and what to know before Start ({@link #warnings()}).
 */
public final class TrainingViewModel {
    private final TrainingDataViewModel data;
    private final TrainingFormViewModel form;
    private final RunHistoryViewModel history;
    private final EmbeddingComparisonViewModel comparison;
    private final ClusterExchangeViewModel cluster;
    private final TrainingRunViewModel run;
    private final TrainingWarningsViewModel warnings;

    /**
     * @param uiThread   where batched progress is delivered: the FX thread in the app, the caller in tests
     * @param runsFolder where each run's checkpoint folder is made while the workspace is not saved; a saved
     *                   workspace keeps its runs (checkpoints and {@code runs.json}) in a folder beside its file
     */
    public TrainingViewModel(WorkspaceViewModel workspace, TaskRunner tasks, FxBridge uiThread, DialogService dialogs,
                             Supplier<Path> runsFolder) {
        // The parts made before the run's view model see whether a run is going on through this.
        ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
        Executor ui = runnable -> uiThread.<Runnable>onUiThread(Runnable::run).accept(runnable);
        data = new TrainingDataViewModel(tasks, dialogs, running.getReadOnlyProperty());
        form = new TrainingFormViewModel(workspace, tasks, data);
        history = new RunHistoryViewModel(workspace, runsFolder, form.hyperParameters(), running.getReadOnlyProperty());
        comparison = new EmbeddingComparisonViewModel(workspace, tasks, history, running.getReadOnlyProperty());
        cluster = new ClusterExchangeViewModel(workspace, tasks, dialogs, history, running.getReadOnlyProperty());
        run = new TrainingRunViewModel(workspace, tasks, ui, form, history, comparison);
        running.bind(run.runningBinding());
        warnings = new TrainingWarningsViewModel(workspace, tasks, form, running.getReadOnlyProperty());
        data.forgetEmbeddings(workspace.activeEmbeddingProperty().get());
        data.offerObjectivesFor(workspace.modelProperty().get() instanceof DecoderModel);
        workspace.modelProperty().addListener((o, a, model) -> {
            data.forgetEmbeddings(workspace.activeEmbeddingProperty().get());
            data.offerObjectivesFor(model instanceof DecoderModel);
        });
        workspace.activeEmbeddingProperty().addListener((o, a, active) -> data.showDataFor(active));
    }

    /** Adds a copy of the active embedding and trains that, leaving the reference as it is. */
    public void trainCopyInstead() {
        warnings.trainCopyInstead(run::start);
    }

    public TrainingWarningsViewModel warnings() {
        return warnings;
    }

    public TrainingDataViewModel data() {
        return data;
    }

    public TrainingFormViewModel form() {
        return form;
    }

    public TrainingRunViewModel run() {
        return run;
    }

    public RunHistoryViewModel history() {
        return history;
    }

    public EmbeddingComparisonViewModel comparison() {
        return comparison;
    }

    public ClusterExchangeViewModel cluster() {
        return cluster;
    }
}
