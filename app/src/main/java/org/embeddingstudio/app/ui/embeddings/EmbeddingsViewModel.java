package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Model tool window's embeddings: the rows, the selection, and the commands on the selection with whether each
 * is possible (and why not).
 */
public final class EmbeddingsViewModel {
    /** Why "default" cannot be deleted or renamed; shown as the disabled action's tooltip. */
    public static final String DEFAULT_IS_PERMANENT =
            "\"default\" is the model's own embedding: it cannot be deleted or renamed";

    private final WorkspaceViewModel workspace;
    private final DialogService dialogs;
    private final ObjectProperty<EmbeddingInfo> selected = new SimpleObjectProperty<>();
    private final BooleanBinding canChangeSelected;

    /** @param busy true while background work runs: actions that would conflict wait for it */
    public EmbeddingsViewModel(WorkspaceViewModel workspace, DialogService dialogs, ObservableBooleanValue busy) {
        this.workspace = workspace;
        this.dialogs = dialogs;
        this.canChangeSelected = Bindings.createBooleanBinding(() -> selected.get() != null
                && !selected.get().isDefault() && !busy.get(), selected, busy);
        workspace.embeddings().addListener((ListChangeListener<EmbeddingInfo>) change -> {
            EmbeddingInfo current = selected.get();
            selected.set(current == null ? null : workspace.embeddings().stream()
                    .filter(e -> e.name().equals(current.name())).findFirst().orElse(null));
        });
    }

    public ObservableList<EmbeddingInfo> embeddings() {
        return workspace.embeddings();
    }

    public ObjectProperty<EmbeddingInfo> selectedProperty() {
        return selected;
    }

    /** Delete and rename are possible for the selection (never for "default", never while busy). */
    public BooleanBinding canChangeSelectedBinding() {
        return canChangeSelected;
    }

    /** The tooltip of a disabled delete: why it is disabled, or empty. */
    public String deleteDisabledReason(EmbeddingInfo info) {
        return info != null && info.isDefault() ? DEFAULT_IS_PERMANENT : "";
    }

    public void activate(EmbeddingInfo info) {
        workspace.setActive(info.name());
    }

    /** Deletes after confirmation; unsaved training is called out, since it would be lost. */
    public void deleteSelected() {
        EmbeddingInfo info = selected.get();
        if (info == null || info.isDefault()) {
            return;
        }
        String message = "Delete the embedding '" + info.name() + "' (" + info.rows() + " × " + info.dimension() + ")?"
                + (info.unsavedTraining() ? "\nIt holds training that has not been saved." : "");
        if (dialogs.confirm("Delete Embedding", message, "Delete")) {
            workspace.delete(info.name());
        }
    }

    public void renameSelected() {
        EmbeddingInfo info = selected.get();
        if (info == null || info.isDefault()) {
            return;
        }
        dialogs.askText("Rename Embedding", "New name for '" + info.name() + "':", info.name())
                .filter(name -> !name.equals(info.name()))
                .ifPresent(name -> workspace.rename(info.name(), name));
    }

    /** The format choices of Save Embeddings, as the user reads them. */
    public static final Map<String, EmbeddingFormat> FORMATS = Map.of(
            "embedding.pt (what Python's adapters reads)", EmbeddingFormat.PT,
            "embedding.safetensors", EmbeddingFormat.SAFETENSORS,
            "both", EmbeddingFormat.BOTH);

    /** Asks for the folder and the format; the tokenizer is included when the embedding has one. */
    public void saveSelected() {
        EmbeddingInfo info = selected.get();
        if (info == null) {
            return;
        }
        dialogs.chooseFolder("Save Embedding '" + info.name() + "' To").ifPresent(folder -> dialogs.chooseOne(
                        "Save Embedding '" + info.name() + "'", "Format:", FORMATS.keySet().stream().sorted().toList())
                .map(FORMATS::get)
                .ifPresent(format -> workspace.saveEmbeddings(info.name(), folder, info.tokenizerSize() > 0,
                        format)));
    }

    /** Loads a folder under a name the user confirms (its folder name by default). */
    public void load() {
        Optional<Path> folder = dialogs.chooseFolder("Load Embeddings");
        folder.ifPresent(path -> dialogs.askText("Load Embeddings", "Name for the loaded embedding:",
                        path.getFileName() == null ? "loaded" : path.getFileName().toString())
                .ifPresent(name -> workspace.loadEmbeddings(path, name)));
    }
}
