package org.embeddingstudio.app.workbench;

import javafx.beans.binding.BooleanBinding;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.hub.HubDownloadDialog;
import org.embeddingstudio.app.ui.hub.HubDownloadViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.HuggingFaceCacheChooser;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.SuggestedFileName;
import org.embeddingstudio.app.ui.workspace.UnsavedChanges;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.hub.HuggingFaceCache;

import java.nio.file.Path;
import java.util.Optional;

/** The workspace as a whole: open a model (folder, cache, Hub, demo) or a workspace, save, undo and redo, export. */
public final class WorkspaceActions {
    static final String WORKSPACE_EXTENSION = ".esw";

    private final Stage stage;
    private final DialogService dialogs;
    private final WorkspaceViewModel workspace;
    private final UnsavedChanges unsavedChanges;
    private final TaskRunner taskRunner;
    private final BooleanBinding idle;
    private final BooleanBinding hasModel;

    public WorkspaceActions(ActionContext context) {
        stage = context.stage();
        dialogs = context.dialogs();
        workspace = context.workspace();
        unsavedChanges = context.unsavedChanges();
        taskRunner = context.taskRunner();
        idle = context.idle();
        hasModel = context.hasModel();
    }

    public void register(ActionFactory actions) {
        actions.register(ActionId.OPEN_MODEL, () -> dialogs.chooseFolder("Open Hugging Face Model Folder")
                .ifPresent(folder -> unsavedChanges.closeThen(() -> workspace.open(new ModelSource.Folder(folder)))),
                idle);
        actions.register(ActionId.OPEN_FROM_CACHE, () -> unsavedChanges.closeThen(() ->
                HuggingFaceCacheChooser.open(workspace, HuggingFaceCache.fromEnvironment(System.getenv()), dialogs)),
                idle);
        actions.register(ActionId.OPEN_FROM_HUB, this::openFromHub, idle);
        actions.register(ActionId.OPEN_WORKSPACE, () -> dialogs.chooseFileToOpen("Open Workspace", WORKSPACE_EXTENSION)
                .ifPresent(this::openWorkspace), idle);
        actions.register(ActionId.SAVE_WORKSPACE, this::save, hasModel);
        actions.register(ActionId.SAVE_WORKSPACE_AS, this::saveAs, hasModel);
        actions.register(ActionId.NEW_DEMO, () -> unsavedChanges.closeThen(() -> workspace.open(
                new ModelSource.Demo())), idle);
        actions.register(ActionId.UNDO, workspace::undo, workspace.jobs().canUndoBinding().and(idle));
        actions.register(ActionId.REDO, workspace::redo, workspace.jobs().canRedoBinding().and(idle));
        // Edit › Undo Delete embedding 'si': the menu names what it undoes.
        actions.nameBy(ActionId.UNDO, workspace.jobs().undoTextBinding());
        actions.nameBy(ActionId.REDO, workspace.jobs().redoTextBinding());
        actions.register(ActionId.EXPORT_MODEL, () -> dialogs.chooseFolder("Export as Hugging Face Folder")
                .ifPresent(workspace::exportHuggingFace), hasModel);
    }

    /** Opens a workspace file in place of the current workspace, asking about its unsaved changes first. */
    public void openWorkspace(Path file) {
        unsavedChanges.closeThen(() -> workspace.openWorkspace(file));
    }

    private void openFromHub() {
        HubDownloadViewModel hub = new HubDownloadViewModel(new HubClient(HubSettings.fromSystem()), taskRunner,
                FxBridge.toFxThread());
        new HubDownloadDialog(stage, hub).showAndWait();
        Optional.ofNullable(hub.downloadedProperty().get()).ifPresent(snapshot -> unsavedChanges.closeThen(() ->
                workspace.open(new ModelSource.Folder(snapshot.folder(), snapshot.repo().toString()))));
    }

    private void save() {
        if (workspace.workspaceFileProperty().get() == null) {
            saveAs();
        } else {
            workspace.saveWorkspace(workspace.workspaceFileProperty().get());
        }
    }

    private void saveAs() {
        dialogs.chooseFileToSave("Save Workspace", SuggestedFileName.ofWorkspace(workspace))
                .ifPresent(workspace::saveWorkspace);
    }
}
