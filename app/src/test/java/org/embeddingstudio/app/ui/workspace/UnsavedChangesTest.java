package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.app.ui.workspace.ScriptedDialogs.Question;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quitting with unsaved changes asks Save / Don't Save / Cancel; without, it quits at once. No screen. */
class UnsavedChangesTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;
    final UnsavedChanges unsaved = new UnsavedChanges(workspace, test.dialogs);
    int closed;

    @Test
    void nothingChangedClosesWithoutAsking() {
        unsaved.closeThen(() -> closed++);
        assertEquals(0, test.dialogs.asked(Question.ASK_TO_SAVE));
        assertEquals(1, closed);
    }

    @Test
    void onlyATrainedDefaultMakesQuittingAsk() throws Exception {
        trainDefaultOfASavedWorkspace();
        test.dialogs.answerAskToSave(UnsavedChanges.Choice.CANCEL);
        unsaved.closeThen(() -> closed++);
        assertEquals(1, test.dialogs.asked(Question.ASK_TO_SAVE), "'default *' in the tree: the quit prompt appears");
        assertEquals(0, closed, "Cancel keeps the window open");
        assertTrue(workspace.dirtyBinding().get());

        test.dialogs.answerAskToSave(UnsavedChanges.Choice.DONT_SAVE);
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed, "Don't Save closes");
    }

    @Test
    void saveWritesTheWorkspaceThenCloses() throws Exception {
        Path file = trainDefaultOfASavedWorkspace();
        float[] trained = workspace.modelProperty().get().readEmbedding("default", e -> e.weight().toFloatArray());
        test.dialogs.answerAskToSave(UnsavedChanges.Choice.SAVE);
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed);
        assertFalse(workspace.dirtyBinding().get());

        workspace.openWorkspace(file);
        assertArrayEquals(trained,
                workspace.modelProperty().get().readEmbedding("default", e -> e.weight().toFloatArray()));
    }

    @Test
    void saveOfAWorkspaceNeverSavedAsksForAFileAndCancellingThatKeepsTheWindow() {
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        test.dialogs.answerAskToSave(UnsavedChanges.Choice.SAVE).answerChooseFileToSave(Optional.empty());
        unsaved.closeThen(() -> closed++);
        assertEquals(0, closed, "no file chosen: nothing saved, nothing closed");
        assertEquals(List.of("tiny-bert.esw"), test.dialogs.suggestedNames(), "the chooser offers the model's name");

        test.dialogs.answerAskToSave(UnsavedChanges.Choice.SAVE)
                .answerChooseFileToSave(Optional.of(temp.resolve("new.esw")));
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed);
        assertTrue(Files.isRegularFile(temp.resolve("new.esw")));
    }

    private Path trainDefaultOfASavedWorkspace() {
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        Path file = temp.resolve("w.esw");
        workspace.saveWorkspace(file);
        assertFalse(workspace.dirtyBinding().get());
        WorkspaceTrustTest.train(model, "news", true);
        return file;
    }
}
