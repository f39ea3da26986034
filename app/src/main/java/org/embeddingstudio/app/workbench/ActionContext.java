package org.embeddingstudio.app.workbench;

import javafx.beans.binding.BooleanBinding;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.UnsavedChanges;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

/**
 * What the workbench's actions share: the window their dialogs belong to, the questions to the user, the workspace,
 * and when they may run.
 *
 * @param unsavedChanges asked first by whatever replaces the workspace (another model, workspace or the demo, or
 *                       quitting)
 * @param idle           no background work is running: nothing new may start on a model a job still holds
 * @param hasModel       a model is open and idle
 */
public record ActionContext(Stage stage, DialogService dialogs, WorkspaceViewModel workspace,
                            UnsavedChanges unsavedChanges, TaskRunner taskRunner, BooleanBinding idle,
                            BooleanBinding hasModel) {
    public static ActionContext of(Stage stage, DialogService dialogs, WorkspaceViewModel workspace,
                                   TaskRunner taskRunner, BooleanBinding busy) {
        return new ActionContext(stage, dialogs, workspace, new UnsavedChanges(workspace, dialogs), taskRunner,
                busy.not(), workspace.modelProperty().isNotNull().and(busy.not()));
    }
}
