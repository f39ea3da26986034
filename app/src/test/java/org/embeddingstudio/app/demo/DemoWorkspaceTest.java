package org.embeddingstudio.app.demo;

import ai.djl.Device;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.tryit.TryItViewModel;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.Notifier;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo workspace as the app opens it, without a screen. */
class DemoWorkspaceTest implements Notifier {
    @TempDir
    Path cache;
    private final List<String> errors = new ArrayList<>();
    private final WorkspaceViewModel workspace = new WorkspaceViewModel(new ImmediateTaskRunner(), this,
            new FxBridge(Runnable::run), Device.cpu());

    @AfterEach
    void close() {
        if (workspace.modelProperty().get() != null) {
            workspace.modelProperty().get().close();
        }
    }

    @Test
    void theDemoOpensWithDefaultActiveAndAGermanEmbeddingThatSharesPartOfItsRows() throws Exception {
        long start = System.nanoTime();
        workspace.open(new ModelSource.Demo(cache));
        System.out.printf("Demo opened (training) in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(), errors);
        assertEquals(List.of("default", "german"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList());
        assertEquals("default", workspace.activeEmbeddingProperty().get());

        EmbeddingInfo german = workspace.embeddings().get(1);
        int copied = german.rowOrigins().getOrDefault(RowOrigin.COPIED, 0);
        double share = (double) copied / german.rows();
        System.out.printf("german: %d of %d rows copied (%.1f %%)%n", copied, german.rows(), 100 * share);
        assertTrue(share > 0.20 && share < 0.95, copied + " of " + german.rows() + " rows copied");
    }

    @Test
    void aSecondOpenUsesTheCachedVocabulary() throws Exception {
        workspace.open(new ModelSource.Demo(cache));
        Path cached = onlyVocabularyIn(cache);
        FileTime written = Files.getLastModifiedTime(cached);
        Path model;
        try (Stream<Path> files = Files.list(cache)) {
            model = files.filter(f -> f.getFileName().toString().endsWith(".onnx")).findFirst().orElseThrow();
        }
        FileTime modelWritten = Files.getLastModifiedTime(model);
        int rows = workspace.embeddings().get(1).rows();

        long start = System.nanoTime();
        workspace.open(new ModelSource.Demo(cache));
        System.out.printf("Demo opened (cached) in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(), errors);
        assertEquals(cached, onlyVocabularyIn(cache));
        assertEquals(written, Files.getLastModifiedTime(cached));
        assertEquals(modelWritten, Files.getLastModifiedTime(model), "the uncompressed demo model is reused too");
        assertEquals(rows, workspace.embeddings().get(1).rows());
    }

    @Test
    void tryItPredictsOnTheDemoWithItsFreshHeadAgainAndAgain() throws Exception {
        // The demo has no masked-LM head: the first prediction draws one, which must outlive that prediction.
        workspace.open(new ModelSource.Demo(cache));
        var tryIt = new TryItViewModel(workspace, new ImmediateTaskRunner());
        tryIt.textProperty().set("The cat sat on the [MASK].");

        tryIt.predict();
        workspace.setActive("german");
        tryIt.predict();
        workspace.setActive("default");
        tryIt.predict();

        assertTrue(tryIt.noteProperty().get().startsWith("This model came without a pretrained masked-LM head"),
                tryIt.noteProperty().get());
        assertEquals(10, tryIt.activePredictions().size());
        assertEquals(10, tryIt.defaultPredictions().size());
    }

    @Test
    void tryItComparesSentencesOnTheDemoWhichHasNoPretrainedHead() throws Exception {
        workspace.open(new ModelSource.Demo(cache));
        var tryIt = new TryItViewModel(workspace, new ImmediateTaskRunner());
        assertEquals(TryItViewModel.Mode.SIMILARITY, tryIt.modeProperty().get(), "a sentence-embedding model");
        workspace.setActive("german");

        tryIt.compare();

        assertEquals("'german' (active)", tryIt.activeTitleProperty().get());
        double german = Double.parseDouble(tryIt.activeSimilarityProperty().get());
        double original = Double.parseDouble(tryIt.defaultSimilarityProperty().get());
        assertTrue(german > -1 && german < 1 && original > 0 && original < 1, german + " / " + original);
        assertTrue(german != original, "the German sentence is encoded with the 'german' vocabulary");
        tryIt.firstSentenceProperty().set(tryIt.secondSentenceProperty().get());
        tryIt.compare();
        assertEquals("1.000", tryIt.defaultSimilarityProperty().get(), "a sentence is itself");
        assertEquals(List.of(), errors);
    }

    private static Path onlyVocabularyIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().startsWith("german-vocab")).toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    @Override
    public void error(String title, Throwable error) {
        errors.add(title + ": " + error);
    }

    @Override
    public void info(String message) {
    }
}
