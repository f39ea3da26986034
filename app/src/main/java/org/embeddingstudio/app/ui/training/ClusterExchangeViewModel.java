package org.embeddingstudio.app.ui.training;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.training.run.ClusterExport;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;

/** Exports the shown run for a cluster ({@link ClusterExport}) and imports what such a run wrote. */
public final class ClusterExchangeViewModel {
    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final RunHistoryViewModel history;
    private final ObservableBooleanValue running;
    private final ReadOnlyStringWrapper exported = new ReadOnlyStringWrapper("");

    public ClusterExchangeViewModel(WorkspaceViewModel workspace, TaskRunner tasks, DialogService dialogs,
                                    RunHistoryViewModel history, ObservableBooleanValue running) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.history = history;
        this.running = running;
    }

    /**
     * Writes the shown run as a folder a cluster trains with adapters' {@code AdapterTrainer} and
     * {@code accelerate} ({@link ClusterExport}): embedding, adapter, data, script, launch config, README.
     */
    public void exportForCluster() {
        TrainingRun run = history.shownRunProperty().get();
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        if (run == null || model == null || running.get()) {
            return;
        }
        dialogs.chooseFolder("Export Run for a Cluster").ifPresent(folder -> exportForCluster(folder, run));
    }

    void exportForCluster(Path folder, TrainingRun run) {
        if (!(workspace.modelProperty().get() instanceof AdapterModel model)) {
            exported.set("Export for a cluster writes a BERT-family run; a decoder trains headless with "
                    + "embedding-studio train --objective clm on the server itself.");
            return;
        }
        tasks.run("Exporting " + run.name() + " for a cluster…", (sink, token) -> {
            ClusterExport.write(folder, model, run.embedding(), run.request());
            return folder;
        }, written -> exported.set("Exported to " + written
                        + ": see README.md there for the accelerate command lines."),
                () -> { });
    }

    /** Loads what a cluster run wrote ({@code output/embedding}, {@code output/adapter}) for drift and comparison. */
    public void importResults() {
        if (workspace.modelProperty().get() == null || running.get()) {
            return;
        }
        dialogs.chooseFolder("Import Cluster Results").ifPresent(this::importResults);
    }

    void importResults(Path folder) {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
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
            for (int i = 2; model.embeddingNames().contains(name); i++) {
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
}
