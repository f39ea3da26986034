package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quitting with unsaved changes asks Save / Don't Save / Cancel; without, it quits at once. No screen. */
class UnsavedChangesTest {
    @TempDir
    Path temp;
    TestWorkspace test;
    WorkspaceViewModel workspace;
    UnsavedChanges unsaved;
    int closed;

    @BeforeEach
    void open() throws Exception {
        test = new TestWorkspace(temp);
        workspace = test.workspace;
        unsaved = new UnsavedChanges(workspace, test);
    }

    @AfterEach
    void close() {
        workspace.modelProperty().get().close();
    }

    @Test
    void nothingChangedClosesWithoutAsking() {
        unsaved.closeThen(() -> closed++);
        assertEquals(0, test.askedToSave);
        assertEquals(1, closed);
    }

    @Test
    void onlyATrainedDefaultMakesQuittingAsk() throws Exception {
        trainDefaultOfASavedWorkspace();
        test.saveAnswer = UnsavedChanges.Choice.CANCEL;
        unsaved.closeThen(() -> closed++);
        assertEquals(1, test.askedToSave, "'default *' in the tree: the quit prompt appears");
        assertEquals(0, closed, "Cancel keeps the window open");
        assertTrue(workspace.dirtyBinding().get());

        test.saveAnswer = UnsavedChanges.Choice.DONT_SAVE;
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed, "Don't Save closes");
    }

    @Test
    void saveWritesTheWorkspaceThenCloses() throws Exception {
        Path file = trainDefaultOfASavedWorkspace();
        float[] trained = workspace.modelProperty().get().read(p -> p.embedding("default").weight().toFloatArray());
        test.saveAnswer = UnsavedChanges.Choice.SAVE;
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed);
        assertFalse(workspace.dirtyBinding().get());

        workspace.openWorkspace(file);
        assertArrayEquals(trained,
                workspace.modelProperty().get().read(p -> p.embedding("default").weight().toFloatArray()));
    }

    @Test
    void saveOfAWorkspaceNeverSavedAsksForAFileAndCancellingThatKeepsTheWindow() {
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        test.saveAnswer = UnsavedChanges.Choice.SAVE;
        test.folderAnswer = Optional.empty();
        unsaved.closeThen(() -> closed++);
        assertEquals(0, closed, "no file chosen: nothing saved, nothing closed");

        test.folderAnswer = Optional.of(temp.resolve("new.esw"));
        unsaved.closeThen(() -> closed++);
        assertEquals(1, closed);
        assertTrue(Files.isRegularFile(temp.resolve("new.esw")));
    }

    private Path trainDefaultOfASavedWorkspace() {
        AdapterModel model = workspace.modelProperty().get();
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        Path file = temp.resolve("w.esw");
        workspace.saveWorkspace(file);
        assertFalse(workspace.dirtyBinding().get());
        WorkspaceTrustTest.train(model, "news", true);
        return file;
    }
}
