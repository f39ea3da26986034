package org.embeddingstudio.app;

import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.settings.SystemTheme;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.assets.AppIcon;
import org.embeddingstudio.core.engine.Engines;

import java.awt.Desktop;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The application: opens the workbench window on the workspace file it is given, the last workspace, or the built-in
 * demo ({@link Workbench#openAtStart}).
 */
public final class EmbeddingStudioApp extends Application {
    private Workbench workbench;
    private Settings settings;
    private boolean systemPrefersDark;

    /** Runs before the window, off the FX thread: reading settings and asking the desktop take no frame. */
    @Override
    public void init() {
        settings = Settings.load(Settings.defaultFile(System.getenv()));
        systemPrefersDark = settings.theme() == Settings.Theme.SYSTEM && SystemTheme.prefersDark(System.getenv());
    }

    @Override
    public void start(Stage stage) {
        // Models open on the GPU when the loaded PyTorch build sees one (README, "GPU"), else on the CPU.
        workbench = new Workbench(stage, Engines::preferredDevice, settings, systemPrefersDark);
        AppIcon.windowIcons().forEach(url -> stage.getIcons().add(new Image(url.toExternalForm())));
        stage.show();
        workbench.openAtStart(getParameters().getUnnamed());
        listenForOpenedFiles();
    }

    /**
     * macOS hands a double-clicked workspace to the running app as an "open file" event, not as an argument (Linux and
     * Windows pass it on the command line, above). Only where the desktop supports that event; untested on macOS.
     */
    private void listenForOpenedFiles() {
        // Only on macOS: elsewhere asking AWT's Desktop would start a second toolkit beside JavaFX's for nothing.
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")
                || !Desktop.isDesktopSupported()
                || !Desktop.getDesktop().isSupported(Desktop.Action.APP_OPEN_FILE)) {
            return;
        }
        Consumer<Path> open = FxBridge.toFxThread().onUiThread(workbench::openWorkspace);
        Desktop.getDesktop().setOpenFileHandler(event -> event.getFiles().stream().findFirst()
                .ifPresent(file -> open.accept(file.toPath())));
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }
}
