package org.embeddingstudio.app.demo;

import ai.djl.Device;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DemoModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workspace the app starts on: MiniLM with its bert-base-uncased vocabulary as "default", and beside it a
 * "german" embedding for {@link GermanDemoVocabulary}, initialised from "default" so every shared token keeps its
 * pretrained row. "default" stays active. Every view then has two real vocabularies to compare.
 */
public final class DemoWorkspace {
    public static final String GERMAN = "german";
    /** Fixed, so the German rows that are drawn at random are the same on every start. */
    private static final long SEED = 20_240_601L;
    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkspace.class);

    private DemoWorkspace() {
    }

    /**
     * The demo's German texts as one training corpus (a paragraph per line), written into the cache folder once, so
     * the Training panel has masked-LM data for the 'german' embedding.
     */
    public static Path trainingCorpus(Path cacheFolder) throws IOException {
        Path corpus = cacheFolder.resolve("german-corpus.txt");
        if (!Files.isRegularFile(corpus)) {
            Files.createDirectories(cacheFolder);
            StringBuilder text = new StringBuilder();
            for (String piece : GermanDemoTexts.read()) {
                for (String paragraph : piece.split("\\R\\s*\\R")) {
                    String line = paragraph.replaceAll("\\s+", " ").strip();
                    if (!line.isEmpty()) {
                        text.append(line).append('\n');
                    }
                }
            }
            AtomicFiles.writeString(corpus, text.toString());
        }
        return corpus;
    }

    /** Loads the demo (a few seconds: call on a background thread). */
    public static AdapterModel load(Device device, Path cacheFolder, ProgressSink progress) throws IOException {
        progress.message("Loading all-MiniLM-L6-v2");
        AdapterModel model = DemoModel.load(device, cacheFolder);
        try {
            long start = System.nanoTime();
            progress.message("Preparing the German demo vocabulary");
            Tokenizer german = new GermanDemoVocabulary(cacheFolder).load(fraction -> progress.progress(fraction, 1));
            progress.message("Adding embedding '" + GERMAN + "'");
            long vocabularyReady = System.nanoTime();
            Tokenizer reference = model.tokenizerOf(EmbeddingRegistry.DEFAULT).orElseThrow();
            EmbeddingInitializer.Created created = model.addEmbeddings(GERMAN, german, EmbeddingRegistry.DEFAULT,
                    reference, EmbeddingOptions.defaults().withSeed(SEED));
            model.setActiveEmbeddings(EmbeddingRegistry.DEFAULT);
            LOG.info("Added the '{}' demo embedding: vocabulary in {} ms, embedding in {} ms, {} of {} rows copied",
                    GERMAN, (vocabularyReady - start) / 1_000_000, (System.nanoTime() - vocabularyReady) / 1_000_000,
                    created.copiedRows(), created.copiedRows() + created.randomRows());
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
