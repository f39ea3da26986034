package org.embeddingstudio.app.ui.hub;

import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsViewModel;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddEmbeddingsFromHubTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    LocalHub hub;

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aTokenizerNamedByItsHubIdIsFetchedIntoTheCacheAndUsed() throws Exception {
        hub = new LocalHub();
        Path cache = temp.resolve("hf-cache");
        test.workspace.useHub(hub.settings(cache, false));
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(test.workspace, new ImmediateTaskRunner());
        dialog.nameProperty().set("tiny");

        dialog.tokenizerProperty().set(Path.of("someone/tiny"));
        assertTrue(dialog.previewProperty().get().contains("the tokenizer of someone/tiny is fetched from the "
                + "Hugging Face Hub"), dialog.previewProperty().get());
        assertTrue(dialog.canConfirmBinding().get());
        dialog.confirm();

        assertEquals(List.of(), test.errors);
        assertEquals("", dialog.failureProperty().get());
        assertEquals("tiny", test.workspace.activeEmbeddingProperty().get());
        Path snapshot = cache.resolve("models--someone--tiny/snapshots/" + LocalHub.COMMIT);
        var added = test.workspace.modelProperty().get().embedding("tiny");
        assertTrue(added.tokenizer().orElseThrow().source().contains(snapshot.toString()),
                added.tokenizer().orElseThrow().source());
        assertEquals(added.tokenizer().orElseThrow().vocabulary().size(), added.rows());
        assertTrue(Files.isSymbolicLink(snapshot.resolve("vocab.txt")), "the huggingface_hub layout");
        assertTrue(Files.notExists(snapshot.resolve("model.safetensors")), "only the tokenizer's files");
    }

    @Test
    void offlineTheCachedTokenizerServesAndAnUnknownIdSaysSo() throws Exception {
        hub = new LocalHub();
        Path cache = temp.resolve("hf-cache");
        test.workspace.useHub(hub.settings(cache, false));
        AddEmbeddingsViewModel first = new AddEmbeddingsViewModel(test.workspace, new ImmediateTaskRunner());
        first.nameProperty().set("online");
        first.tokenizerProperty().set(Path.of("someone/tiny"));
        first.confirm();

        test.workspace.useHub(hub.settings(cache, true));
        AddEmbeddingsViewModel offline = new AddEmbeddingsViewModel(test.workspace, new ImmediateTaskRunner());
        offline.nameProperty().set("offline");
        offline.tokenizerProperty().set(Path.of("someone/tiny"));
        offline.confirm();
        AddEmbeddingsViewModel unknown = new AddEmbeddingsViewModel(test.workspace, new ImmediateTaskRunner());
        unknown.nameProperty().set("unknown");
        unknown.tokenizerProperty().set(Path.of("someone/elsewhere"));
        unknown.confirm();

        assertTrue(first.addedProperty().get() && offline.addedProperty().get());
        assertTrue(test.workspace.modelProperty().get().hasEmbeddings("offline"));
        // The dialog that failed stays open and says why itself; the Event Log notes it, no notification repeats it.
        assertFalse(unknown.addedProperty().get());
        assertTrue(unknown.failureProperty().get().contains("someone/elsewhere"), unknown.failureProperty().get());
        assertEquals(List.of(), test.errors);
        assertEquals(1, test.workspace.log().stream().filter(e -> e.kind() == LogEntry.Kind.ERROR).count(),
                test.workspace.log().toString());
        assertTrue(test.workspace.log().stream().anyMatch(e -> e.kind() == LogEntry.Kind.ERROR
                && e.text().contains("someone/elsewhere")), test.workspace.log().toString());
    }
}
