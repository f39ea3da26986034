package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.hub.HuggingFaceCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;

    @Test
    void anOpenedModelListsItsDefaultEmbeddingAsActive() {
        assertEquals(List.of("default"), names());
        assertEquals("default", workspace.activeEmbeddingProperty().get());
        assertEquals(99, workspace.embeddings().get(0).rows());
        assertTrue(workspace.log().get(0).text().startsWith("Opened model tiny-bert"), workspace.log().toString());
    }

    @Test
    void addingWithAReferenceReportsCopiedAndRandomRowsAndActivatesIt() throws Exception {
        Path tokenizer = vocabTxt("si", TestWorkspace.vocabulary(60, "w").subList(0, 30), "x", 30);
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(1)));
        assertEquals(List.of("default", "si"), names());
        assertEquals("si", workspace.activeEmbeddingProperty().get());
        assertTrue(workspace.log().stream().anyMatch(e -> e.text().equals(
                "Added embedding 'si': 30 rows copied, 30 drawn at random")), workspace.log().toString());
        assertTrue(test.errors.isEmpty(), test.errors.toString());
    }

    @Test
    void theChosenInitStrategyStartsTheRowsThatAreNotShared() throws Exception {
        Path tokenizer = vocabTxt("si", TestWorkspace.vocabulary(60, "w").subList(0, 30), "x", 30);
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(1),
                OptionalInt.empty(), true, InitStrategy.MEAN, null));
        var origins = workspace.embeddings().get(1).rowOrigins();
        assertEquals(30, origins.get(RowOrigin.MEAN), origins.toString());
        assertEquals("normalized", workspace.embeddings().get(1).origin().matchingMode());
    }

    @Test
    void deletingTheActiveEmbeddingSaysDefaultIsActiveAgain() throws Exception {
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocabTxt("si", List.of(), "x", 20), null, null,
                OptionalLong.empty()));
        workspace.delete("si");
        assertEquals(List.of("default"), names());
        assertEquals("default", workspace.activeEmbeddingProperty().get());
        LogEntry last = workspace.log().stream().filter(e -> e.text().startsWith("Deleted")).findFirst().orElseThrow();
        assertEquals(LogEntry.Kind.WARNING, last.kind());
        assertTrue(last.text().contains("'default' is active again"), last.text());
    }

    @Test
    void aBadTokenizerFileGivesAReadableErrorAndChangesNothing() throws Exception {
        Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": [1, 2]}}");
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", broken, null, null, OptionalLong.empty()));
        assertEquals(List.of("default"), names());
        assertEquals(1, test.errors.size());
        assertTrue(test.errors.get(0).startsWith("Could not add embedding 'si'") && test.errors.get(0)
                .contains("broken.json"), test.errors.get(0));
        assertEquals(LogEntry.Kind.ERROR, workspace.log().get(workspace.log().size() - 1).kind());
    }

    @Test
    void aSavedEmbeddingLoadsBackWithItsTokenizer() throws Exception {
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocabTxt("si", List.of(), "x", 20), null, null,
                OptionalLong.empty()));
        Path folder = temp.resolve("saved-si");
        workspace.saveEmbeddings("si", folder, true, EmbeddingFormat.BOTH);
        assertTrue(Files.isRegularFile(folder.resolve("embedding.pt")));
        workspace.loadEmbeddings(folder, "si-again");
        assertEquals(List.of("default", "si", "si-again"), names());
        EmbeddingInfo loaded = workspace.embeddings().get(2);
        assertEquals(25, loaded.tokenizerSize(), "5 special tokens and 20 words");
        assertTrue(loaded.active());
        assertTrue(workspace.log().stream().anyMatch(e -> e.text().contains("with its tokenizer")));
    }

    @Test
    void aBrokenDecoderConfigNamesTheFileAndWhatIsMissingAndTheOpenModelStays() throws Exception {
        Path llama = Files.createDirectories(temp.resolve("llama"));
        Files.writeString(llama.resolve("config.json"), "{\"model_type\": \"llama\", \"vocab_size\": 10}");
        workspace.open(new ModelSource.Folder(llama, "llama"));
        assertEquals(List.of("Could not open model llama: " + llama.resolve("config.json")
                + ": 'hidden_size' is missing or not an integer"), test.errors);
        assertEquals(List.of("default"), names(), "the open model stays");
    }

    @Test
    void loadingAFolderWithoutEmbeddingsNamesTheMissingFile() throws Exception {
        workspace.loadEmbeddings(Files.createDirectories(temp.resolve("empty")), "x");
        assertTrue(test.errors.get(0).contains("embedding.pt"), test.errors.toString());
        assertEquals(List.of("default"), names());
    }

    @Test
    void undoingADeleteGivesBackTheSameMatrixAndRedoDeletesItAgain() throws Exception {
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocabTxt("si", List.of(), "x", 20), null, null,
                OptionalLong.empty()));
        var matrix = workspace.modelProperty().get().readEmbedding("si", e -> e.weight());
        workspace.delete("si");
        assertEquals("Undo Delete embedding 'si'", workspace.jobs().undoTextBinding().get());
        workspace.undo();
        assertEquals(List.of("default", "si"), names());
        assertEquals("si", workspace.activeEmbeddingProperty().get(), "it was active, so it is again");
        assertTrue(matrix == workspace.modelProperty().get().readEmbedding("si", e -> e.weight()), "not a copy");
        workspace.redo();
        assertEquals(List.of("default"), names());
    }

    @Test
    void addActivateAndRenameAreUndoneInReverseOrder() throws Exception {
        int revision = workspace.jobs().revisionProperty().get();
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocabTxt("si", List.of(), "x", 20), null, null,
                OptionalLong.empty()));
        workspace.setActive("default");
        workspace.rename("si", "sinhala");
        assertEquals(revision + 3, workspace.jobs().revisionProperty().get());
        workspace.undo();
        assertEquals(List.of("default", "si"), names());
        workspace.undo();
        assertEquals("si", workspace.activeEmbeddingProperty().get());
        workspace.undo();
        assertEquals(List.of("default"), names());
        assertTrue(workspace.jobs().canRedoBinding().get());
        workspace.redo();
        assertEquals(List.of("default", "si"), names());
    }

    @Test
    void anUndoThatCannotHappenIsReportedAndKeepsTheHistory() throws Exception {
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocabTxt("si", List.of(), "x", 20), null, null,
                OptionalLong.empty()));
        Path folder = temp.resolve("saved");
        workspace.saveEmbeddings("si", folder, true, EmbeddingFormat.PT);
        workspace.delete("si");
        workspace.modelProperty().get().loadEmbeddings(folder, "si"); // the name is taken again, outside the history
        workspace.undo();
        assertEquals(1, test.errors.size());
        assertTrue(test.errors.get(0).startsWith("Could not undo") && test.errors.get(0).contains("already exists"),
                test.errors.get(0));
        assertEquals("Undo Delete embedding 'si'", workspace.jobs().undoTextBinding().get());
    }

    @Test
    void anAdapterIsAddedSavedInAdaptersLayoutDeletedAndLoadedBack() throws Exception {
        workspace.addAdapter("lang", BottleneckConfig.seqBn());
        assertEquals(List.of("lang"), List.copyOf(workspace.adapters()));
        assertEquals("lang", workspace.activeAdapter().orElseThrow());
        Path folder = temp.resolve("adapter");
        workspace.saveAdapter("lang", folder);
        assertTrue(Files.isRegularFile(folder.resolve("adapter_config.json")));
        workspace.deleteAdapter("lang");
        assertTrue(workspace.adapters().isEmpty());
        workspace.loadAdapter(folder);
        assertEquals(List.of("lang"), List.copyOf(workspace.adapters()));
        workspace.addAdapter("lang", BottleneckConfig.seqBn());
        assertTrue(test.errors.get(0).contains("already exists"), test.errors.toString());
        workspace.deleteAdapter("lang");
        workspace.undo();
        assertEquals(List.of("lang"), List.copyOf(workspace.adapters()), "deleting an adapter is undoable");
        assertTrue(workspace.activeAdapter().isEmpty(), "a loaded adapter is not active, so neither is it after undo");
    }

    @Test
    void anExportedModelIsAHuggingFaceFolder() throws Exception {
        Path folder = temp.resolve("export");
        workspace.exportHuggingFace(folder);
        assertTrue(Files.isRegularFile(folder.resolve("config.json")));
        assertTrue(Files.isRegularFile(folder.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(folder.resolve("tokenizer.json")));
    }

    @Test
    void aModelIsOpenedFromTheHuggingFaceCacheByItsId() throws Exception {
        Path hub = temp.resolve("hub");
        Path snapshot = Files.createDirectories(hub.resolve("models--someone--tiny/snapshots/abc"));
        Files.createDirectories(hub.resolve("models--someone--tiny/refs"));
        Files.writeString(hub.resolve("models--someone--tiny/refs/main"), "abc");
        for (String file : List.of("config.json", "model.safetensors", "vocab.txt")) {
            Files.copy(test.model.resolve(file), snapshot.resolve(file));
        }
        test.dialogs.answerChooseOne(Optional.of("someone/tiny"));
        HuggingFaceCacheChooser.open(workspace, new HuggingFaceCache(hub), test.dialogs);
        assertEquals("someone/tiny", workspace.modelNameProperty().get());
        assertEquals(snapshot, Path.of(workspace.modelProperty().get().source()));
        assertTrue(test.errors.isEmpty(), test.errors.toString());

        HuggingFaceCacheChooser.open(workspace, new HuggingFaceCache(temp.resolve("none")),
                test.dialogs);
        assertTrue(test.dialogs.informed().get(0).startsWith("No models in"), test.dialogs.informed().toString());
    }

    Path vocabTxt(String name, List<String> shared, String prefix, int newTokens) throws Exception {
        Path folder = Files.createDirectories(temp.resolve(name + "-tokenizer"));
        List<String> tokens = new ArrayList<>(shared.isEmpty()
                ? List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]") : shared);
        for (int i = 0; i < newTokens; i++) {
            tokens.add(prefix + i);
        }
        Files.write(folder.resolve("vocab.txt"), tokens);
        return folder.resolve("vocab.txt");
    }

    List<String> names() {
        return workspace.embeddings().stream().map(EmbeddingInfo::name).toList();
    }
}
