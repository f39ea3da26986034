package org.embeddingstudio.app;

import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench on a decoder, through the screen at the default window size: Try It shows only Generate, a click
 * continues the prompt in both columns of token chips, the Add Embeddings dialog offers the zero-shot text, and no
 * text is cut off anywhere on the way.
 */
@ExtendWith(ApplicationExtension.class)
class DecoderWorkbenchUiTest {
    Workbench workbench;
    Stage stage;
    Path temp;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        temp = Files.createTempDirectory("decoder-ui");
        Path model = TestWorkspace.tinyDecoder(temp);
        workbench = UiWalk.open(stage, temp, model);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(workbench::close).get(10, TimeUnit.SECONDS);
    }

    @Test
    void tryItContinuesThePromptInBothColumnsAndNothingIsCutOff(FxRobot robot) throws Exception {
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path tokenizer = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("new-tokenizer")),
                "the cat sat on the mat", "die katze sass auf der matte");
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().addEmbeddings(
                new AddEmbeddingsRequest("new", tokenizer, "default", null, OptionalLong.of(1))));
        WorkbenchUiTest.waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        List<String> cut = new ArrayList<>(UiWalk.cutOff("the window with a decoder", stage));

        robot.clickOn(robot.lookup(".stripe-button").match(node -> node instanceof Labeled l
                && "Try It".equals(l.getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("Sentence Similarity").tryQuery().isEmpty(), "an encoder's tab on a decoder");
        assertTrue(robot.lookup("Fill Mask").tryQuery().isEmpty(), "an encoder's tab on a decoder");
        robot.clickOn("#try-it-generate");
        WorkbenchUiTest.waitUntil(() -> !chips(robot, "#try-it-default-continuation").isEmpty());
        WorkbenchUiTest.waitUntil(() -> !chips(robot, "#try-it-active-continuation").isEmpty());
        List<Node> active = chips(robot, "#try-it-active-continuation");
        assertTrue(active.stream().anyMatch(chip -> chip.getStyleClass().contains("token-prompt")));
        assertTrue(active.stream().anyMatch(chip -> !chip.getStyleClass().contains("token-prompt")),
                "generated chips follow the prompt's");
        assertFalse(chips(robot, "#try-it-default-continuation").stream()
                .anyMatch(chip -> chip.getStyleClass().contains("origin-random")), "'default' rows are pretrained");
        Node tryIt = robot.lookup("#try-it").query();
        cut.addAll(WaitForAsyncUtils.asyncFx(() -> CutOffText.overlapping(tryIt)).get(10, TimeUnit.SECONDS)
                .stream().map(pair -> "Try It: " + pair).toList());
        cut.addAll(UiWalk.cutOff("Try It", stage));

        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.ADD_EMBEDDINGS));
        WorkbenchUiTest.waitUntil(() -> UiWalk.dialogOver(stage).isPresent());
        assertTrue(robot.lookup("#zero-shot-text").tryQuery().isPresent(), "a decoder's Add offers the check");
        cut.addAll(UiWalk.cutOff("Add Embeddings", UiWalk.dialogOver(stage).orElseThrow()));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        assertEquals(List.of(), cut);
    }

    private static List<Node> chips(FxRobot robot, String column) {
        return robot.lookup(column).tryQuery().map(pane -> List.copyOf(((FlowPane) pane).getChildren()))
                .orElse(List.of());
    }
}
