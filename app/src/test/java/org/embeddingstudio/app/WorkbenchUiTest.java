package org.embeddingstudio.app;

import ai.djl.Device;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.shell.FxDialogService;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs.Question;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real window, headless (Monocle): the main flows by mouse and keyboard. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
    Workbench workbench;
    Stage stage;
    Path temp;
    ScriptedDialogs dialogs;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        temp = Files.createTempDirectory("workbench-ui");
        Path model = TestWorkspace.tinyBert(temp);
        // Native file choosers cannot show on a headless screen: the tests script them; every other dialog is real.
        dialogs = new ScriptedDialogs().otherwise(new FxDialogService(() -> stage), Question.CONFIRM,
                Question.ASK_TO_SAVE, Question.CHOOSE_ONE, Question.INFORM, Question.ASK_TEXT);
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
    void addAnEmbeddingThroughTheDialogSwitchItAndDeleteIt(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(40, "w"));

        robot.clickOn("#toolbar-add_embeddings");
        // The name has the focus: what is typed first goes there, and no error shows before anything is typed.
        waitUntil(() -> robot.lookup("#embedding-name").queryAs(TextField.class).isFocused());
        assertTrue(robot.lookup(".danger").queryAllAs(Label.class).stream().allMatch(l -> l.getText().isEmpty()));
        robot.clickOn("#embedding-name").write("si");
        robot.clickOn("#tokenizer").write(tokenizer.toString());
        waitUntil(() -> robot.lookup("#rows-preview").queryAs(Label.class).getText().contains("copied"));
        assertEquals("40 rows: 40 copied from 'default' (exact), 0 start random.",
                robot.lookup("#rows-preview").queryAs(Label.class).getText());
        robot.clickOn(robot.lookup(".dialog-pane .button").match(node -> node instanceof Button b
                && "OK".equals(b.getText())).queryButton());
        waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        assertEquals("si", workbench.workspace().activeEmbeddingProperty().get());

        robot.clickOn("#active-default");
        waitUntil(() -> "default".equals(workbench.workspace().activeEmbeddingProperty().get()));
        assertTrue(robot.lookup("#active-default").queryAs(RadioButton.class).isSelected());

        robot.clickOn("default");
        assertTrue(robot.lookup("#toolbar-delete_embeddings").queryButton().isDisabled(),
                "default can never be deleted");
        robot.clickOn("si");
        robot.clickOn("#toolbar-delete_embeddings");
        clickButton(robot, "Delete"); // the button names the action, not "OK"
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        assertEquals(List.of("default"), workbench.workspace().embeddings().stream().map(EmbeddingInfo::name)
                .toList());
        MenuItem undo = robot.lookup("#menu-bar").queryAs(MenuBar.class).getMenus().stream()
                .flatMap(menu -> menu.getItems().stream()).filter(item -> "menu-undo".equals(item.getId()))
                .findFirst().orElseThrow();
        assertEquals("Undo Delete embedding 'si'", undo.getText(), "Edit › Undo names what it undoes");
    }

    @Test
    void anEmbeddingSavedThroughTheUiLoadsBackWithItsTokenizer(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path saved = temp.resolve("saved-default");
        dialogs.answerChooseFolder(Optional.of(saved)).answerChooseFolder(Optional.of(saved)); // saved, then loaded
        robot.clickOn("default");
        robot.clickOn("#toolbar-save_embeddings");
        okDialog(robot);
        waitUntil(() -> Files.isRegularFile(saved.resolve("embedding.pt")));
        assertTrue(Files.isDirectory(saved.resolve("tokenizer")), "the tokenizer is saved with it");

        robot.clickOn("#toolbar-load_embeddings");
        robot.doubleClickOn(".dialog-pane .text-field").write("reloaded");
        okDialog(robot);
        waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        EmbeddingInfo reloaded = workbench.workspace().embeddings().get(1);
        assertEquals("reloaded", reloaded.name());
        assertTrue(reloaded.active());
        assertEquals(99, reloaded.tokenizerSize());
    }

    @Test
    void aBadTokenizerFileIsExplainedInTheDialogWhoseOkStaysDisabled(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path broken = Files.writeString(temp.resolve("broken-tokenizer.json"),
                "{\"model\": {\"type\": \"WordPiece\"}}");
        robot.clickOn("#toolbar-add_embeddings");
        robot.clickOn("#embedding-name").write("si");
        robot.clickOn("#tokenizer").write(broken.toString());
        waitUntil(() -> robot.lookup("#rows-preview").queryAs(Label.class).getText().startsWith("Cannot use"));
        assertTrue(robot.lookup("#rows-preview").queryAs(Label.class).getText().contains("broken-tokenizer.json"));
        // OK stays disabled while the preview shows why the tokenizer cannot be used; the dialog keeps its inputs.
        Button ok = robot.lookup(".dialog-pane .button").match(node -> node instanceof Button b
                && "OK".equals(b.getText())).queryButton();
        assertTrue(ok.isDisabled());
        assertEquals("si", robot.lookup("#embedding-name").queryAs(TextField.class).getText());
        robot.clickOn(robot.lookup(".dialog-pane .button").match(node -> node instanceof Button b
                && "Cancel".equals(b.getText())).queryButton());
        assertEquals(List.of("default"), workbench.workspace().embeddings().stream().map(EmbeddingInfo::name)
                .toList());
    }

    @Test
    void whenAddingItselfFailsTheDialogStaysOpenWithItsInputsAndSaysWhyInPlace(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path tokenizer = Files.write(temp.resolve("si-vocab.txt"), TestWorkspace.vocabulary(40, "w"));
        robot.clickOn("#toolbar-add_embeddings");
        robot.clickOn("#embedding-name").write("si");
        robot.clickOn("#tokenizer").write(tokenizer.toString());
        waitUntil(() -> robot.lookup("#rows-preview").queryAs(Label.class).getText().contains("copied"));
        Files.delete(tokenizer); // gone between the preview and OK: only the add itself finds out

        okDialog(robot);

        waitUntil(() -> !addEmbeddingsDialogShowing(robot)
                || !robot.lookup("#add-embeddings-error").queryAs(Label.class).getText().isEmpty());
        assertTrue(addEmbeddingsDialogShowing(robot), "the dialog stays open when adding fails");
        String error = robot.lookup("#add-embeddings-error").queryAs(Label.class).getText();
        assertTrue(error.contains(tokenizer.toString()) && error.contains("does not exist"), error);
        assertEquals("si", robot.lookup("#embedding-name").queryAs(TextField.class).getText());
        assertEquals(tokenizer.toString(), robot.lookup("#tokenizer").queryAs(TextField.class).getText());
        assertEquals(List.of("default"), workbench.workspace().embeddings().stream().map(EmbeddingInfo::name)
                .toList());

        Files.write(tokenizer, TestWorkspace.vocabulary(40, "w")); // put back: OK again adds it and closes
        okDialog(robot);
        waitUntil(() -> !addEmbeddingsDialogShowing(robot));
        waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        assertEquals("si", workbench.workspace().activeEmbeddingProperty().get());
    }

    private static boolean addEmbeddingsDialogShowing(FxRobot robot) {
        return robot.lookup("#add-embeddings-dialog").tryQuery()
                .map(pane -> pane.getScene() != null && pane.getScene().getWindow().isShowing()).orElse(false);
    }

    @Test
    void altSixShowsTheTokenizeWindowWhichSplitsWhatIsTyped(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        assertTrue(robot.lookup("#tool-tokenize").tryQuery().isEmpty(), "hidden at start");

        robot.press(KeyCode.ALT, KeyCode.DIGIT6)
                .release(KeyCode.DIGIT6, KeyCode.ALT);
        waitUntil(() -> robot.lookup("#tool-tokenize").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#tokenize-text").queryAs(TextField.class)
                .setText("w1 w2 zz"));

        waitUntil(() -> robot.lookup(".token-chip").queryAllAs(Label.class).stream()
                .anyMatch(chip -> chip.getText().equals("zz") || chip.getText().equals("[UNK]")));
        List<String> chips = robot.lookup("#tokenize .token-chips .token-chip").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertEquals(List.of("w1", "w2", "[UNK]"), chips);
    }

    @Test
    void closingTheWindowAfterOnlyDefaultTrainedAsksSaveDontSaveOrCancel(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        closeRequest();
        waitUntil(() -> !stage.isShowing());
        assertTrue(robot.lookup(".dialog-pane").queryAll().isEmpty(), "nothing changed: closed without asking");

        WaitForAsyncUtils.asyncFx(stage::show).get(10, TimeUnit.SECONDS);
        var model = workbench.workspace().modelProperty().get();
        boolean[] rows = new boolean[model.embedding("default").rows()];
        rows[7] = true;
        WaitForAsyncUtils.asyncFx(() -> model.markTrained("default", rows)).get(10, TimeUnit.SECONDS);
        waitUntil(() -> workbench.workspace().dirtyBinding().get());
        assertTrue(stage.getTitle().startsWith("*"), stage.getTitle());
        robot.lookup("default *").query(); // the tree agrees

        closeRequest();
        waitUntil(() -> !robot.lookup(".dialog-pane .button").queryAll().isEmpty());
        // In the platform's order (Linux: Don't Save first), so compared as a set.
        assertEquals(Set.of("Save", "Don't Save", "Cancel"), robot.lookup(".dialog-pane .button")
                .queryAllAs(Button.class).stream().map(Button::getText).collect(Collectors.toSet()));
        clickButton(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing(), "Cancel keeps the window and the trained weights");

        closeRequest();
        waitUntil(() -> !robot.lookup(".dialog-pane .button").queryAll().isEmpty());
        clickButton(robot, "Don't Save");
        waitUntil(() -> !stage.isShowing());
    }

    @Test
    void openingAnotherWorkspaceOverUnsavedTrainingAsksFirst(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        var model = workbench.workspace().modelProperty().get();
        boolean[] rows = new boolean[model.embedding("default").rows()];
        rows[7] = true;
        WaitForAsyncUtils.asyncFx(() -> model.markTrained("default", rows)).get(10, TimeUnit.SECONDS);
        waitUntil(() -> workbench.workspace().dirtyBinding().get());
        dialogs.answerChooseFileToOpen(Optional.of(temp.resolve("elsewhere.esw")));

        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.OPEN_WORKSPACE));
        waitUntil(() -> !robot.lookup(".dialog-pane .button").queryAll().isEmpty());
        clickButton(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model == workbench.workspace().modelProperty().get() && workbench.workspace().dirtyBinding().get(),
                "Cancel keeps the trained workspace open");
    }

    /** What the window manager sends when the user closes the window; asynchronous, as the dialog waits. */
    private void closeRequest() {
        WaitForAsyncUtils.asyncFx(() -> stage.fireEvent(new WindowEvent(stage,
                WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void clickButton(FxRobot robot, String text) {
        robot.clickOn(robot.lookup(".dialog-pane .button").match(node -> node instanceof Button b
                && text.equals(b.getText())).queryButton());
    }

    static void okDialog(FxRobot robot) {
        robot.clickOn(robot.lookup(".dialog-pane .button").match(node -> node instanceof Button b
                && "OK".equals(b.getText())).queryButton());
    }

    @Test
    void anOverlapTabIsTitledByItsPairAndASecondCompareOfThatPairBringsItForward(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path vocabulary = TestWorkspace.newVocabulary(temp.resolve("si-vocab.txt"), 10, 5);
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().addEmbeddings(
                new AddEmbeddingsRequest("si", vocabulary, "default", null, OptionalLong.of(1))));
        waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        TabPane editor = robot.lookup(node -> node instanceof TabPane pane
                && pane.getTabs().stream().anyMatch(tab -> "Overview".equals(tab.getText()))).queryAs(TabPane.class);

        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.COMPARE_VOCABULARIES));
        waitUntil(() -> editor.getTabs().size() == 2);
        Tab overlap = editor.getTabs().get(1);
        assertEquals("si ↔ default", overlap.getText());
        WaitForAsyncUtils.asyncFx(() -> editor.getSelectionModel().select(0));
        waitUntil(() -> editor.getSelectionModel().getSelectedIndex() == 0);

        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.COMPARE_VOCABULARIES));
        waitUntil(() -> editor.getSelectionModel().getSelectedItem() == overlap);
        assertEquals(2, editor.getTabs().size(), "no second tab for the same pair");
    }

    @Test
    void byteLevelTokensReadAsTextInTheOverlapTableWithTheRawTokenInTheirTooltip(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path bytes = TestWorkspace.byteLevelTokenizer(temp.resolve("bytes"), "für die Forscher", "für alle");
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().addEmbeddings(
                new AddEmbeddingsRequest("bytes", bytes, "default", null, OptionalLong.of(1))));
        waitUntil(() -> workbench.workspace().embeddings().size() == 2);
        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.COMPARE_VOCABULARIES));
        waitUntil(() -> robot.lookup("#overlap-search").tryQuery().isPresent());

        robot.clickOn("#overlap-search").write("für"); // as the user reads it; the vocabulary spells it fÃ¼r

        waitUntil(() -> firstTokenACell(robot).isPresent());
        TableCell<?, ?> cell = firstTokenACell(robot).orElseThrow();
        assertTrue(cell.getText().contains("für"), cell.getText());
        assertTrue(cell.getTooltip().getText().contains("raw: ") && cell.getTooltip().getText().contains("Ã¼"),
                cell.getTooltip().getText());
    }

    private static Optional<TableCell<?, ?>> firstTokenACell(FxRobot robot) {
        return robot.lookup("#overlap-table .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(node -> (TableCell<?, ?>) node)
                .filter(cell -> !cell.isEmpty() && cell.getIndex() == 0 && cell.getTableColumn() != null
                        && "Token A".equals(cell.getTableColumn().getText()))
                .findFirst();
    }

    @Test
    void theModelsPropertiesFollowTheActiveEmbedding(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path vocabulary = TestWorkspace.newVocabulary(temp.resolve("si-vocab.txt"), 10, 5);
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().addEmbeddings(
                new AddEmbeddingsRequest("si", vocabulary, "default", null, OptionalLong.of(1))));
        waitUntil(() -> propertyShown(robot, "Active embedding", "si"));

        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().setActive("default"));

        String defaultRows = workbench.workspace().embeddings().stream().filter(EmbeddingInfo::isDefault)
                .map(e -> String.format("%,d", e.rows())).findFirst().orElseThrow();
        waitUntil(() -> propertyShown(robot, "Active embedding", "default")
                && propertyShown(robot, "Vocabulary (active)", defaultRows));
    }

    /** Whether the Properties window shows {@code name} with {@code value} (a name label, its value beside it). */
    private static boolean propertyShown(FxRobot robot, String name, String value) {
        List<Label> labels = robot.lookup("#properties .label").queryAllAs(Label.class).stream().toList();
        for (int i = 0; i + 1 < labels.size(); i++) {
            if (name.equals(labels.get(i).getText()) && value.equals(labels.get(i + 1).getText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theWorkspaceOpenAtCloseOpensAgainOnTheNextStart() throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        Path saved = temp.resolve("reopened.esw");
        WaitForAsyncUtils.asyncFx(() -> workbench.workspace().saveWorkspace(saved));
        waitUntil(() -> saved.equals(workbench.workspace().workspaceFileProperty().get()));
        WaitForAsyncUtils.asyncFx(workbench::close).get(10, TimeUnit.SECONDS);

        // The next start, no file given: as IntelliJ reopens the last project, the saved workspace instead of the demo.
        workbench = WaitForAsyncUtils.asyncFx(() -> new Workbench(new Stage(), Device.cpu(),
                Settings.load(temp.resolve("settings.json")), false, dialogs)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> workbench.openAtStart(List.of()));
        waitUntil(() -> saved.equals(workbench.workspace().workspaceFileProperty().get())
                && workbench.workspace().embeddings().size() == 1);
        assertEquals("tiny-bert", workbench.workspace().modelNameProperty().get());
    }

    @Test
    void theSettingsDialogShowsTheChoicesInEffectAndOkKeepsThem(FxRobot robot) throws Exception {
        waitUntil(() -> workbench.workspace().embeddings().size() == 1);
        WaitForAsyncUtils.asyncFx(() -> workbench.perform(ActionId.SETTINGS));
        waitUntil(() -> robot.lookup("#settings-reopen-last").tryQuery().isPresent());
        assertEquals(Settings.Theme.SYSTEM, robot.lookup("#settings-theme").queryAs(ChoiceBox.class).getValue(),
                "the theme in effect is the one shown");
        CheckBox reopen = robot.lookup("#settings-reopen-last").queryAs(CheckBox.class);
        assertTrue(reopen.isSelected(), "reopening the last workspace is on by default");

        robot.clickOn(reopen);
        okDialog(robot);

        waitUntil(() -> robot.lookup("#settings-reopen-last").tryQuery().isEmpty());
        assertTrue(!Settings.load(temp.resolve("settings.json")).reopenLastWorkspace(), "kept for the next start");
    }

    static void waitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
