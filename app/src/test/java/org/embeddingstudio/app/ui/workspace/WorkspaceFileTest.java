package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceFileTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;

    @Test
    void aSavedWorkspaceReopensWithTheSameEmbeddingsActiveOneAndMatrices() throws Exception {
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(30, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(3)));
        workspace.setActive("default");
        assertTrue(workspace.dirtyBinding().get());
        float[] matrix = workspace.modelProperty().get().readEmbedding("si", e -> e.weight().toFloatArray());

        Path file = temp.resolve("project/study.esw");
        Files.createDirectories(file.getParent());
        workspace.saveWorkspace(file);
        assertFalse(workspace.dirtyBinding().get());
        assertTrue(Files.isRegularFile(temp.resolve("project/study.files/embeddings/si/embedding.pt")),
                "an embedding saved nowhere yet is saved beside the workspace");
        assertTrue(Files.readString(file).contains("\"folder\" : \"study.files/embeddings/si\""),
                Files.readString(file));

        workspace.openWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertEquals(List.of("default", "si"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList());
        assertEquals("default", workspace.activeEmbeddingProperty().get());
        assertArrayEquals(matrix, workspace.modelProperty().get().readEmbedding("si", e -> e.weight().toFloatArray()));
        assertEquals(file, workspace.workspaceFileProperty().get());
        assertFalse(workspace.dirtyBinding().get());
    }

    @Test
    void aFirstFormatDemoWorkspaceKeepsTheEmbeddingsItsModelMakesAndASecondFormatOneListsThemAll() throws Exception {
        // What installer/smoke-test.sh opens: version 1 listed only added embeddings, so the demo's own "german"
        // (active here) is not listed and must not be taken for one the user deleted.
        Path old = Files.writeString(temp.resolve("smoke.esw"), "{\"format\": \"embedding-studio/workspace\", "
                + "\"version\": 1, \"model\": {\"kind\": \"demo\"}, \"embeddings\": [], \"active\": \"german\", "
                + "\"adapters\": [], \"active_adapter\": \"\"}");
        WorkspaceFile.Contents first = WorkspaceFile.read(old);
        assertEquals("german", first.active());
        assertFalse(first.listsEveryEmbedding());
        Path current = Files.writeString(temp.resolve("now.esw"), "{\"format\": \"embedding-studio/workspace\", "
                + "\"version\": 2, \"model\": {\"kind\": \"demo\"}, \"embeddings\": [], \"active\": \"default\"}");
        assertTrue(WorkspaceFile.read(current).listsEveryEmbedding());
    }

    @Test
    void aFileThatIsNotAWorkspaceIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(temp.resolve("other.esw"), "{\"hello\": 1}");
        FileFormatException e = assertThrows(FileFormatException.class, () -> WorkspaceFile.read(file));
        assertTrue(e.getMessage().contains("other.esw") && e.getMessage().contains("not an Embedding Studio workspace"),
                e.getMessage());
        workspace.openWorkspace(file);
        assertEquals(1, test.errors.size());
        assertEquals(List.of("default"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList(),
                "nothing changed");
    }

    @Test
    void aWorkspaceNamingAMissingEmbeddingFolderFailsWithoutChangingTheOpenOne() throws Exception {
        Path file = temp.resolve("broken.esw");
        Files.writeString(file, "{\"format\": \"embedding-studio/workspace\", \"version\": 1, \"model\": {\"kind\": "
                + "\"folder\", \"path\": \"" + test.model + "\"}, \"embeddings\": [{\"name\": \"gone\", \"folder\": "
                + "\"nowhere\"}], \"active\": \"gone\", \"adapters\": [], \"active_adapter\": \"\"}");
        workspace.openWorkspace(file);
        assertTrue(test.errors.get(0).contains("nowhere"), test.errors.toString());
        assertEquals(null, workspace.workspaceFileProperty().get());
    }
}
