package org.embeddingstudio.app.workbench;

import javafx.stage.Stage;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.action.FindActionPopup;
import org.embeddingstudio.app.ui.action.FindActionViewModel;
import org.embeddingstudio.app.ui.training.TrainingViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.UnsavedChanges;

/** The window itself: Find Action over it, and closing it (Exit or the window's close button) only once asked. */
public final class WindowActions {
    private final Stage stage;
    private final DialogService dialogs;
    private final UnsavedChanges unsavedChanges;
    private final TrainingViewModel training;

    public WindowActions(ActionContext context, TrainingViewModel training) {
        stage = context.stage();
        dialogs = context.dialogs();
        unsavedChanges = context.unsavedChanges();
        this.training = training;
    }

    public void register(ActionFactory actions) {
        actions.register(ActionId.FIND_ACTION, () -> new FindActionPopup(new FindActionViewModel(actions::isEnabled,
                actions::perform)).showOver(stage), null);
        actions.register(ActionId.EXIT, this::closeWindow, null);
        stage.setOnCloseRequest(event -> {
            event.consume(); // closed by closeWindow, at once or once the workspace is saved
            closeWindow();
        });
    }

    /**
     * Closes the window, asking first: a running training run (confirmed, it stops after its step and saves a
     * checkpoint it can resume from), then unsaved changes (Save, Don't Save or Cancel; {@link UnsavedChanges}).
     */
    private void closeWindow() {
        if (training.run().runningBinding().get()) {
            if (dialogs.confirm("Training Is Running", "Stop the run after its current step, save a checkpoint it "
                    + "can resume from, and close?")) {
                training.run().cancelThen(this::closeWindow);
            }
            return;
        }
        unsavedChanges.closeThen(stage::close);
    }
}
