package org.embeddingstudio.app;

import ai.djl.Device;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.fx.CutOffText;
import org.embeddingstudio.app.ui.shell.FxDialogService;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs.Question;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the UI tests that walk the whole window share: a workbench on a model folder, its dialogs, its cut text. */
final class UiWalk {
    private UiWalk() {
    }

    /** A workbench in {@code stage} (settings in {@code temp}, real dialogs) opening {@code model}: FX thread. */
    static Workbench open(Stage stage, Path temp, Path model) {
        ScriptedDialogs dialogs = new ScriptedDialogs().otherwise(new FxDialogService(() -> stage), Question.CONFIRM,
                Question.ASK_TO_SAVE, Question.CHOOSE_ONE, Question.INFORM, Question.ASK_TEXT);
        Workbench workbench = new Workbench(stage, Device.cpu(), Settings.load(temp.resolve("settings.json")), false,
                dialogs);
        stage.show();
        workbench.workspace().open(new ModelSource.Folder(model));
        return workbench;
    }

    /** The dialog showing over {@code owner}, if one is. */
    static Optional<Window> dialogOver(Window owner) {
        return Window.getWindows().stream().filter(w -> w != owner && w.isShowing() && w.getScene() != null
                && w.getScene().getRoot().lookup(".dialog-pane") != null).findFirst();
    }

    /** Every text cut off in {@code window} once laid out, each line starting with {@code where}. */
    static List<String> cutOff(String where, Window window) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            window.getScene().getRoot().applyCss();
            window.getScene().getRoot().layout();
            return CutOffText.under(window.getScene().getRoot()).stream().map(line -> where + ": " + line).toList();
        }).get(10, TimeUnit.SECONDS);
    }
}
