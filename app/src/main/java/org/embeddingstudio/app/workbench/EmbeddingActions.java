package org.embeddingstudio.app.workbench;

import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsDialog;
import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsViewModel;
import org.embeddingstudio.app.ui.embeddings.EmbeddingsViewModel;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.shell.FxNotifier;
import org.embeddingstudio.app.ui.tokenize.TrainTokenizerDialog;
import org.embeddingstudio.app.ui.tokenize.TrainTokenizerViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

import java.nio.file.Path;

/** The named embeddings: add (for a tokenizer, perhaps one trained just now), activate, rename, delete, save, load. */
public final class EmbeddingActions {
    private final Stage stage;
    private final DialogService dialogs;
    private final WorkspaceViewModel workspace;
    private final TaskRunner taskRunner;
    private final BooleanBinding hasModel;
    private final EmbeddingsViewModel embeddings;

    public EmbeddingActions(ActionContext context, EmbeddingsViewModel embeddings) {
        stage = context.stage();
        dialogs = context.dialogs();
        workspace = context.workspace();
        taskRunner = context.taskRunner();
        hasModel = context.hasModel();
        this.embeddings = embeddings;
    }

    public void register(ActionFactory actions) {
        BooleanBinding hasSelection = embeddings.selectedProperty().isNotNull().and(hasModel);
        actions.register(ActionId.ADD_EMBEDDINGS, () -> addEmbeddingsFor(null), hasModel);
        actions.register(ActionId.TRAIN_TOKENIZER, this::trainTokenizer, null);
        actions.register(ActionId.SET_ACTIVE, () -> embeddings.activate(embeddings.selectedProperty().get()),
                hasSelection);
        actions.register(ActionId.RENAME_EMBEDDINGS, embeddings::renameSelected,
                embeddings.canChangeSelectedBinding());
        actions.register(ActionId.DELETE_EMBEDDINGS, embeddings::deleteSelected,
                embeddings.canChangeSelectedBinding());
        actions.register(ActionId.SAVE_EMBEDDINGS, embeddings::saveSelected,
                hasSelection);
        actions.register(ActionId.LOAD_EMBEDDINGS, embeddings::load, hasModel);
    }

    /** @param tokenizer filled in for the user (a tokenizer trained just now), or null */
    private void addEmbeddingsFor(Path tokenizer) {
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, taskRunner);
        if (tokenizer != null) {
            dialog.tokenizerProperty().set(tokenizer);
            dialog.nameProperty().set(tokenizer.getFileName().toString());
        }
        new AddEmbeddingsDialog(stage, dialog).showAndWait(); // its OK adds, and it closes once added
    }

    private void trainTokenizer() {
        TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(taskRunner, new FxNotifier(() -> stage));
        new TrainTokenizerDialog(stage, dialog).showAndWait().filter(ButtonType.OK::equals)
                .ifPresent(ok -> dialog.confirm(folder -> {
                    if (workspace.modelProperty().get() != null && dialogs.confirm("Tokenizer Trained",
                            "Add an embedding for the new tokenizer now?")) {
                        addEmbeddingsFor(folder);
                    }
                }));
    }
}
