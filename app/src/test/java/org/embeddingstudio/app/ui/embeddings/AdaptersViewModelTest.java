package org.embeddingstudio.app.ui.embeddings;

import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdaptersViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    @Test
    void toggleActivatesAndDeactivatesAndUndoRestoresThePreviousChoice() throws Exception {
        AdaptersViewModel adapters = new AdaptersViewModel(test.workspace, test.dialogs);
        test.workspace.addAdapter("a", BottleneckConfig.seqBn());
        test.workspace.addAdapter("b", BottleneckConfig.doubleSeqBn());
        assertEquals(List.of("a", "b"), List.copyOf(adapters.adapters()));
        assertEquals("b", adapters.activeProperty().get(), "a new adapter becomes active");
        adapters.toggle("a");
        assertEquals("a", adapters.activeProperty().get());
        adapters.toggle("a");
        assertEquals("", adapters.activeProperty().get(), "toggling the active one turns adapters off");
        test.workspace.undo();
        assertEquals("a", adapters.activeProperty().get());
        test.dialogs.answerConfirm(false);
        adapters.delete("a");
        assertEquals(List.of("a", "b"), List.copyOf(adapters.adapters()));
    }
}
