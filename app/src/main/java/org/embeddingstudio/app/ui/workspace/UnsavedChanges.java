package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What closing the workspace (quitting, closing the window, or opening another model, workspace or the demo in its
 * place) does with unsaved changes: nothing to ask when the workspace is saved; otherwise the user chooses Save (it
 * goes on once the save succeeded), Don't Save or Cancel. A decision of the view-model layer, tested without a screen.
 */
public final class UnsavedChanges {
    /** The user's answer to "Save changes?". */
    public enum Choice { SAVE, DONT_SAVE, CANCEL }

    private final WorkspaceViewModel workspace;
    private final DialogService dialogs;

    public UnsavedChanges(WorkspaceViewModel workspace, DialogService dialogs) {
        this.workspace = workspace;
        this.dialogs = dialogs;
    }

    /**
     * Runs {@code close} at once when nothing is unsaved or the user chose Don't Save, after a successful save when
     * the user chose Save, and never when the user cancelled (or cancelled choosing a file, or the save failed).
     */
    public void closeThen(Runnable close) {
        if (!workspace.dirtyBinding().get() || workspace.modelProperty().get() == null) {
            close.run();
            return;
        }
        Path file = workspace.workspaceFileProperty().get();
        String name = file != null ? file.getFileName().toString() : "the workspace";
        switch (dialogs.askToSave("Unsaved Changes", "Save the changes to " + name + " first? "
                + "Changes not saved (training included) are lost.")) {
            case SAVE -> {
                Optional<Path> target = file != null ? Optional.of(file)
                        : dialogs.chooseFileToSave("Save Workspace", SuggestedFileName.ofWorkspace(workspace));
                target.ifPresent(path -> workspace.saveWorkspace(path, close));
            }
            case DONT_SAVE -> close.run();
            case CANCEL -> { }
        }
    }
}
