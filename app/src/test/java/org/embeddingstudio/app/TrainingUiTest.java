package org.embeddingstudio.app;

import ai.djl.Device;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.training.TrainingRunViewModel;
import org.embeddingstudio.app.ui.training.TrainingViewModel;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Training tool window in the real window, headless: a tiny model trains a few steps through the panel. */
@ExtendWith(ApplicationExtension.class)
class TrainingUiTest {
    Workbench workbench;
    Path temp;
    Path corpus;
    ScriptedDialogs dialogs;

    @Start
    void start(Stage stage) throws Exception {
        temp = Files.createTempDirectory("training-ui");
        Path model = TestWorkspace.tinyBert(temp);
        corpus = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add("w" + (5 + i % 9) + " w" + (20 + i % 5) + " w30 w31 w" + (40 + i % 11) + " w50 w" + (60 + i % 7));
        }
        Files.write(corpus, lines);
        // A native file chooser cannot show on a headless screen.
        dialogs = new ScriptedDialogs().answerChooseFileToOpen(Optional.of(corpus));
        workbench = new Workbench(stage, Device.cpu(),
                Settings.load(temp.resolve("settings.json")), false, dialogs);
        stage.show();
        workbench.workspace().open(new ModelSource.Folder(model));
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(workbench::close).get(10, TimeUnit.SECONDS);
        dialogs.assertAsScripted();
    }

    @Test
    void aTinyModelTrainsAFewStepsThroughThePanelWithCurveAndSummary(FxRobot robot) throws Exception {
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        robot.clickOn(robot.lookup(".stripe-button").match(node -> node instanceof Labeled l
                && "Training".equals(l.getText())).<Node>query());
        WorkbenchUiTest.waitUntil(() -> robot.lookup("#training-start").tryQuery().isPresent());
        assertTrue(robot.lookup("#training-start").queryButton().isDisabled(), "no data chosen yet");
        assertTrue(robot.lookup("#training-problem").queryAs(Label.class).getText().contains("text file"));

        reveal(robot, robot.lookup("#training-choose").query());
        robot.clickOn("#training-choose");
        // The file is read in the background; the preview arrives a moment later.
        WorkbenchUiTest.waitUntil(() -> robot.lookup("#training-preview").queryTableView().getItems().size() == 5);
        assertEquals(5, robot.lookup("#training-preview").queryTableView().getItems().size(),
                workbench.training().form().problemProperty().get());
        TrainingViewModel training = workbench.training();
        robot.interact(() -> {
            training.form().hyperParameters().steps().set("8");
            training.form().hyperParameters().batchSize().set("4");
            training.form().hyperParameters().sequenceLength().set("16");
        });
        robot.clickOn("#training-start");

        WorkbenchUiTest.waitUntil(() -> training.history().runs().size() == 1);
        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get() + " / " + training.form().problemProperty().get());
        String summary = robot.lookup("#training-summary").queryAs(Label.class).getText();
        assertTrue(summary.startsWith("Finished after 8 steps"), summary);
        assertTrue(workbench.workspace().adapters().contains("adapter"));
        assertEquals(8, training.history().curve().size());
        assertTrue(curvePixels(robot) > 50, "the smoothed curve is drawn on the canvas");
        assertTrue(robot.lookup("#training-drift").queryTableView().getItems().size() > 0, "row drift is shown");
        assertEquals(1, robot.lookup("#training-runs").queryTableView().getItems().size());
    }

    /** Scrolls the setup form so a node is in view (the bottom tool window is short in a 1280 x 800 window). */
    private static void reveal(FxRobot robot, Node node) {
        robot.interact(() -> {
            Node parent = node.getParent();
            while (parent != null && !(parent instanceof ScrollPane)) {
                parent = parent.getParent();
            }
            if (parent instanceof ScrollPane scroll) {
                double contentHeight = scroll.getContent().getBoundsInLocal().getHeight();
                double y = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                double viewport = scroll.getViewportBounds().getHeight();
                scroll.setVvalue(Math.max(0, Math.min(1, y / Math.max(1, contentHeight - viewport))));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Pixels of the smoothed curve's blue in a snapshot of the curve canvas. */
    private static int curvePixels(FxRobot robot) throws Exception {
        Node curve = robot.lookup("#loss-curve").query();
        Image image = WaitForAsyncUtils.asyncFx(() -> curve.snapshot(null, null)).get(5, TimeUnit.SECONDS);
        int count = 0;
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                int argb = image.getPixelReader().getArgb(x, y);
                int r = argb >> 16 & 0xff;
                int g = argb >> 8 & 0xff;
                int b = argb & 0xff;
                count += b > 180 && r < 90 && g < 140 ? 1 : 0;
            }
        }
        return count;
    }
}
