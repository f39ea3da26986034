package org.embeddingstudio.app;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.fx.CutOffText;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
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
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At the default window size, no text is cut off: the window, each tool window, an Overlap tab and the dialogs,
 * every Labeled walked (issue 14: "Attention h…", "Save to f…", "Tok…" were).
 */
@ExtendWith(ApplicationExtension.class)
class NothingCutOffUiTest {
    Workbench workbench;
    Stage stage;
    Path temp;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        temp = Files.createTempDirectory("cut-off-ui");
        Path model = TestWorkspace.tinyBert(temp);
        workbench = UiWalk.open(stage, temp, model);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(workbench::close).get(10, TimeUnit.SECONDS);
    }

    @Test
    void noTextIsCutOffAtTheDefaultSize(FxRobot robot) throws Exception {
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path vocabulary = TestWorkspace.newVocabulary(temp.resolve("si-vocab.txt"), 10, 5);
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().addEmbeddings(
                new AddEmbeddingsRequest("si", vocabulary, "default", null, OptionalLong.of(1))));
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        List<String> cut = new ArrayList<>();

        // An Event Log line as long as one naming a file in a deep folder.
        Path deep = Files.createDirectories(temp.resolve("a-folder-with-a-long-name-as-researchers-make-them"
                + "/and-another-one-below-it/and-the-one-for-this-week/and-the-experiment-of-the-day-with-its-seed-42"))
                .resolve("the-study-workspace.esw");
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().saveWorkspace(deep));
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().log().stream()
                .anyMatch(entry -> entry.text().contains("the-study-workspace.esw")));
        cut.addAll(UiWalk.cutOff("the window as it opens", stage));
        robot.clickOn("default");
        cut.addAll(UiWalk.cutOff("Properties of 'default'", stage));
        for (String toolWindow : List.of("Try It", "Training", "Tokenize", "Event Log")) {
            robot.clickOn(robot.lookup(".stripe-button").match(node -> node instanceof Labeled l
                    && toolWindow.equals(l.getText())).<Node>query());
            WaitForAsyncUtils.waitForFxEvents();
            if (toolWindow.equals("Try It")) {
                robot.clickOn("Sentence Similarity"); // the tiny model has a masked-LM head: Fill Mask comes first
                robot.clickOn("#try-it-compare");
                WorkbenchUiTest.waitUntil(() -> !robot.lookup("#try-it-default-similarity").queryAs(Label.class)
                        .getText().isEmpty());
                Node tryIt = robot.lookup("#try-it").query();
                cut.addAll(WaitForAsyncUtils.asyncFx(() -> CutOffText.overlapping(tryIt)).get(10, TimeUnit.SECONDS)
                        .stream().map(pair -> "Try It: " + pair).toList());
            }
            cut.addAll(UiWalk.cutOff(toolWindow, stage));
        }
        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.COMPARE_VOCABULARIES));
        WorkbenchUiTest.waitUntil(() -> robot.lookup("#overlap-table").tryQuery().isPresent());
        cut.addAll(UiWalk.cutOff("Overlap tab", stage));
        for (ActionId dialog : List.of(ActionId.ADD_EMBEDDINGS, ActionId.TRAIN_TOKENIZER, ActionId.SETTINGS)) {
            WaitForAsyncUtils.asyncFx(() -> workbench.perform(dialog));
            WorkbenchUiTest.waitUntil(() -> UiWalk.dialogOver(stage).isPresent());
            Window shown = UiWalk.dialogOver(stage).orElseThrow();
            if (dialog == ActionId.ADD_EMBEDDINGS) {
                // The preview's sentence the user must read before OK, false-friend warning included.
                Path bytes = TestWorkspace.byteLevelTokenizer(temp.resolve("bytes"), "the w1 w2 w3 the", "w10 the");
                robot.clickOn("#embedding-name").write("bytes");
                robot.clickOn("#tokenizer").write(bytes.toString()).press(KeyCode.ENTER).release(KeyCode.ENTER);
                WorkbenchUiTest.waitUntil(() -> robot.lookup("#rows-preview").queryAs(Label.class).getText()
                        .contains("random"));
            }
            cut.addAll(UiWalk.cutOff(dialog.name(), shown));
            robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
            WorkbenchUiTest.waitUntil(() -> UiWalk.dialogOver(stage).isEmpty());
        }

        assertEquals(List.of(), cut);
    }
}
