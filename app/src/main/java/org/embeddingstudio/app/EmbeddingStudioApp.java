package org.embeddingstudio.app;

import ai.djl.Device;
import javafx.application.Application;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.workspace.ModelSource;

/** The application: opens the workbench window on the built-in demo. */
public final class EmbeddingStudioApp extends Application {
    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        workbench = new Workbench(stage, Device.cpu());
        stage.show();
        workbench.workspace().open(new ModelSource.Demo());
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }
}
