package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** saveEmbeddings / loadEmbeddings: adapters' layout, our sidecar, and the errors. */
class EmbeddingFilesTest {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);

    @TempDir
    Path temp;
    Tokenizer english;
    Tokenizer other;
    AdapterModel model;
    NDManager inputs;

    @BeforeEach
    void setUp() {
        english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        other = TestTokenizers.wordPiece(temp.resolve("other"),
                List.of("hund", "katze", "mat", "the", "haus", "sat", "rot", "##en", "klein", "gross"));
        model = AdapterModel.random(CONFIG, english, Device.cpu(), 7);
        inputs = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        inputs.close();
        model.close();
    }

    @Test
    void aSavedEmbeddingLoadsBackWithIdenticalOutputsVocabularyAndProvenance() throws Exception {
        model.addEmbeddings("other", other, "default", english);
        Path folder = temp.resolve("saved");
        model.saveEmbeddings(folder, "other", other, EmbeddingFormat.BOTH);
        assertTrue(Files.isRegularFile(folder.resolve("embedding.pt")));
        assertTrue(Files.isRegularFile(folder.resolve("embedding.safetensors")));
        assertTrue(Files.isDirectory(folder.resolve("tokenizer")));
        float[] before = logits(other, "the katze sat on the mat");

        model.setActiveEmbeddings("default");
        Optional<Tokenizer> tokenizer = model.loadEmbeddings(folder, "reloaded");
        assertEquals("reloaded", model.activeEmbeddings());
        assertTrue(tokenizer.isPresent());
        assertEquals(other.vocabulary().tokens(), tokenizer.get().vocabulary().tokens());
        assertArrayEquals(before, logits(tokenizer.get(), "the katze sat on the mat"));
        assertEquals(model.embedding("other").rowOriginCounts(),
                model.embedding("reloaded").rowOriginCounts());
        assertEquals(model.embedding("other").origin(), model.embedding("reloaded").origin());
        assertTrue(model.embedding("reloaded").tokenizer().isPresent());
    }

    @Test
    void embeddingPtIsAdaptersSingleTensor() throws Exception {
        model.addEmbeddings("other", other);
        Path folder = temp.resolve("pt");
        model.saveEmbeddings(folder, "other");
        var content = TorchFile.read(folder.resolve("embedding.pt"));
        HostTensor weight = ((TorchContent.SingleTensor) content).tensor();
        assertArrayEquals(new long[]{other.vocabulary().size(), 32}, weight.shape());
        assertArrayEquals(model.read(p -> p.embedding("other").weight().toFloatArray()), weight.toFloatArray());
        assertFalse(Files.exists(folder.resolve("tokenizer")), "no tokenizer unless one is given");
    }

    @Test
    void aFolderWithoutSidecarLoadsAsPythonWroteIt() throws Exception {
        model.addEmbeddings("other", other);
        Path folder = temp.resolve("python-like");
        model.saveEmbeddings(folder, "other", other);
        Files.delete(folder.resolve(EmbeddingFiles.SIDECAR_FILE));
        Files.delete(folder.resolve(EmbeddingFiles.SIDECAR_TENSORS_FILE));
        model.loadEmbeddings(folder, "from-python");
        float[] other = model.read(p -> p.embedding("other").weight().toFloatArray());
        assertArrayEquals(other, model.read(p -> p.embedding("from-python").weight().toFloatArray()));
        assertEquals(RowOrigin.UNKNOWN, model.embedding("from-python").rowOrigin(0));
    }

    @Test
    void savingAnnouncesTheFolder() throws Exception {
        List<EmbeddingEvent> events = new ArrayList<>();
        model.addEmbeddingListener(events::add);
        Path folder = temp.resolve("announced");
        model.saveEmbeddings(folder, "default");
        assertEquals(new EmbeddingEvent.Saved("default", folder), events.get(events.size() - 1));
    }

    @Test
    void loadingAFolderWithoutWeightsNamesWhatIsMissing() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> model.loadEmbeddings(empty, "x"));
        assertTrue(e.getMessage().contains("embedding.pt"), e.getMessage());
        assertFalse(model.hasEmbeddings("x"));
        assertEquals("default", model.activeEmbeddings());
    }

    @Test
    void loadingAnEmbeddingOfTheWrongDimensionIsRefused() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("wrong-dim"));
        TorchFile.writeTensor(folder.resolve("embedding.pt"), HostTensor.ofFloats(new float[10 * 16], 10, 16));
        FileFormatException e = assertThrows(FileFormatException.class, () -> model.loadEmbeddings(folder, "x"));
        assertTrue(e.getMessage().contains("dimension 16"), e.getMessage());
        assertFalse(model.hasEmbeddings("x"));
    }

    @Test
    void loadingRowsFewerThanTheTokenizerIsRefused() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("short"));
        TorchFile.writeTensor(folder.resolve("embedding.pt"), HostTensor.ofFloats(new float[3 * 32], 3, 32));
        other.saveTo(folder.resolve("tokenizer"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> model.loadEmbeddings(folder, "x"));
        assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void loadingUnderATakenNameChangesNothing() throws Exception {
        Path folder = temp.resolve("taken");
        model.saveEmbeddings(folder, "default");
        assertThrows(IllegalArgumentException.class, () -> model.loadEmbeddings(folder, "default"));
        assertEquals(List.of("default"), List.copyOf(model.embeddingNames()));
    }

    @Test
    void savingAgainReplacesTheFilesAndLeavesNoTemporaryFiles() throws Exception {
        model.addEmbeddings("other", other);
        Path folder = temp.resolve("twice");
        model.saveEmbeddings(folder, "other", other, EmbeddingFormat.BOTH);
        model.saveEmbeddings(folder, "other", other, EmbeddingFormat.BOTH);
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void savingInOneFormatRemovesTheOtherFormatsStaleWeights() throws Exception {
        model.addEmbeddings("other", other);
        Path folder = temp.resolve("reused");
        model.saveEmbeddings(folder, "default", english, EmbeddingFormat.BOTH);
        model.saveEmbeddings(folder, "other", other, EmbeddingFormat.PT);
        assertFalse(Files.exists(folder.resolve(EmbeddingFiles.SAFETENSORS_FILE)));
        model.saveEmbeddings(folder, "other", other, EmbeddingFormat.SAFETENSORS);
        assertFalse(Files.exists(folder.resolve(EmbeddingFiles.PT_FILE)));
    }

    float[] logits(Tokenizer tokenizer, String text) {
        Encoding encoding = tokenizer.encode(text);
        try (NDScope ignored = new NDScope()) {
            return model.maskedLmLogits(TokenBatch.of(inputs, new long[][]{encoding.ids()}, null, 0)).toFloatArray();
        }
    }
}
