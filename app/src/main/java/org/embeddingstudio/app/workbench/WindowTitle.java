package org.embeddingstudio.app.workbench;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

import java.nio.file.Path;

/** The main window's title: "*Embedding Studio — demo.esw", with a star while there are unsaved changes. */
public final class WindowTitle {
    private WindowTitle() {
    }

    public static StringBinding of(WorkspaceViewModel workspace) {
        return Bindings.createStringBinding(() -> title(workspace.dirtyBinding().get(),
                        workspace.workspaceFileProperty().get(), workspace.modelNameProperty().get()),
                workspace.modelNameProperty(), workspace.workspaceFileProperty(), workspace.dirtyBinding());
    }

    /** Names the workspace file if there is one, else the model, else says there is none. */
    static String title(boolean dirty, Path workspaceFile, String modelName) {
        String shown;
        if (workspaceFile != null) {
            shown = workspaceFile.getFileName().toString();
        } else if (!modelName.isEmpty()) {
            shown = modelName;
        } else {
            shown = "no model";
        }
        return (dirty ? "*" : "") + "Embedding Studio — " + shown;
    }
}
