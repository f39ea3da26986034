package org.embeddingstudio.app.ui.workspace;

import javafx.collections.ListChangeListener;
import org.embeddingstudio.app.ui.fx.CancellingTaskRunner;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.model.AdapterModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelled work leaves the workspace exactly as it was before, and is reported as cancelled, not as an error. */
class CancelledWorkTest {
    @TempDir
    Path temp;
    final CancellingTaskRunner tasks = new CancellingTaskRunner();
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp, tasks);
    final WorkspaceViewModel workspace = test.workspace;

    @BeforeEach
    void addKeptAndActivateDefault() throws Exception {
        workspace.addEmbeddings(new AddEmbeddingsRequest("kept", TestWorkspace.newVocabulary(temp.resolve("kept.txt"),
                10, 5), "default", null, OptionalLong.of(1)));
        workspace.setActive("default");
    }

    @Test
    void cancellingAnAddWhileItsRowsAreDrawnLeavesTheEmbeddingsAsTheyWere() throws Exception {
        List<String> before = names();
        // The user presses Cancel at the moment the core has made the embedding (its event reaches the list).
        workspace.embeddings().addListener((ListChangeListener<EmbeddingInfo>) change -> tasks.cancelRunning());

        workspace.addEmbeddings(new AddEmbeddingsRequest("cancelled", TestWorkspace.newVocabulary(
                temp.resolve("new.txt"), 10, 5), "default", null, OptionalLong.of(1)));

        assertEquals(before, names());
        assertEquals(Set.of("default", "kept"),
                Set.copyOf(workspace.modelProperty().get().embeddingNames()));
        assertEquals("default", workspace.activeEmbeddingProperty().get(), "the active embedding is back");
        assertEquals(List.of(), test.errors, "a cancel is no error");
        assertTrue(lastLogLine().equals("Cancelled adding embedding 'cancelled'; nothing changed"), lastLogLine());
    }

    @Test
    void cancellingAnAddBeforeItsRowsAreDrawnAddsNothing() throws Exception {
        List<String> before = names();
        tasks.cancelEveryJob = true;

        workspace.addEmbeddings(new AddEmbeddingsRequest("cancelled", TestWorkspace.newVocabulary(
                temp.resolve("new.txt"), 10, 5), "kept", null, OptionalLong.of(1)));

        assertEquals(before, names());
        assertEquals(List.of(), test.errors);
    }

    @Test
    void cancellingAModelOpenKeepsTheModelThatWasOpen() throws Exception {
        AdapterModel before = (AdapterModel) workspace.modelProperty().get();
        tasks.cancelEveryJob = true;

        workspace.open(new ModelSource.Folder(test.model));

        assertSame(before, workspace.modelProperty().get());
        assertEquals(List.of("default", "kept"), names());
        assertEquals("Cancelled opening model " + new ModelSource.Folder(test.model).label() + "; nothing changed",
                lastLogLine());
        assertEquals(List.of(), test.errors);
    }

    private List<String> names() {
        return workspace.embeddings().stream().map(EmbeddingInfo::name).toList();
    }

    private String lastLogLine() {
        return workspace.log().get(workspace.log().size() - 1).text();
    }
}
