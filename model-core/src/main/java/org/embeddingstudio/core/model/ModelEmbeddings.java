package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedding commands behind {@link AdapterModel}: making, loading, saving and restoring named embeddings.
 * Not thread-safe: guarded by the model's lock, so only the model's synchronized methods call it.
 */
final class ModelEmbeddings implements AutoCloseable {
    private final NDManager manager;
    private final int hiddenSize;
    private final String modelType;
    private final boolean untied;
    private final String source;
    private final long seed;
    final EmbeddingRegistry registry;

    /**
     * @param untied whether the model's head has output rows of its own (an untied decoder): every embedding is
     *               then a pair, and one loaded without output rows gets them made
     */
    ModelEmbeddings(NDManager manager, int hiddenSize, String modelType, boolean untied, String source, long seed,
                    TokenEmbedding defaultEmbedding) {
        this.manager = manager;
        this.hiddenSize = hiddenSize;
        this.modelType = modelType;
        this.untied = untied;
        this.source = source;
        this.seed = seed;
        this.registry = new EmbeddingRegistry(defaultEmbedding);
    }

    EmbeddingInitializer.Created add(String name, Tokenizer tokenizer, String referenceEmbedding,
                                     Tokenizer referenceTokenizer, EmbeddingOptions options) {
        registry.checkNewName(name);
        if ((referenceEmbedding == null) != (referenceTokenizer == null)) {
            throw new IllegalArgumentException("reference embedding and reference tokenizer are both required to "
                    + "initialise embeddings from a reference embedding");
        }
        int dimension = options.dimension().orElse(hiddenSize);
        if (dimension != hiddenSize) {
            throw new IllegalArgumentException("this " + modelType + " model has no embedding "
                    + "projection, so an embedding must have its hidden size " + hiddenSize + ", not "
                    + dimension);
        }
        Optional<EmbeddingInitializer.Reference> reference = referenceEmbedding == null ? Optional.empty()
                : Optional.of(new EmbeddingInitializer.Reference(registry.get(referenceEmbedding),
                        referenceEmbedding, referenceTokenizer));
        EmbeddingInitializer.Created created = withSubManager(manager, owned -> EmbeddingInitializer.create(owned,
                tokenizer, dimension, options.seed().orElse(newSeed()), reference, source, options, untied));
        registry.add(name, created.embedding(), false);
        created.warnings().forEach(w -> registry.announce(new EmbeddingEvent.Warned(name, w)));
        registry.activate(name);
        return created;
    }

    /**
     * A copy of {@code sourceName} under {@code name}, made active: every row of both sides, the padding rows past
     * the tokenizer's tokens included (so a copy never shrinks the matrix), bit for bit, and its tokenizer. Its rows
     * count as copied, padding rows stay padding.
     */
    EmbeddingInitializer.Created copy(String sourceName, String name) {
        registry.checkNewName(name);
        TokenEmbedding original = registry.get(sourceName);
        byte[] origins = original.rowOriginCodes();
        int copied = 0;
        for (int row = 0; row < origins.length; row++) {
            if (origins[row] != RowOrigin.PADDING.code()) {
                origins[row] = RowOrigin.COPIED.code();
                copied++;
            }
        }
        Tokenizer tokenizer = original.tokenizer().orElse(null);
        EmbeddingOrigin origin = new EmbeddingOrigin(source, sourceName,
                tokenizer == null ? "" : tokenizer.source(), EmbeddingOrigin.EXACT, 0);
        TokenEmbedding copy = withSubManager(manager, owned -> new TokenEmbedding(owned,
                original.weight().duplicate(), original.outputBias().duplicate(),
                original.outputRows().map(NDArray::duplicate).orElse(null), tokenizer, origin, origins));
        registry.add(name, copy, false);
        registry.activate(name);
        return new EmbeddingInitializer.Created(copy, copied, 0, 0, List.of());
    }

    private long newSeed() {
        return EmbeddingOptions.defaults().withSeed(System.nanoTime() ^ seed).seed().getAsLong();
    }

    DetachedEmbedding detach(String name) {
        boolean wasActive = registry.activeName().equals(name);
        return new DetachedEmbedding(name, registry.detach(name), wasActive);
    }

    void reattach(DetachedEmbedding detached) {
        registry.add(detached.name(), detached.embedding(), false);
        if (detached.wasActive()) {
            registry.activate(detached.name());
        }
    }

    void save(Path folder, String name, Tokenizer tokenizer, EmbeddingFormat format) throws IOException {
        TokenEmbedding embedding = registry.get(name);
        EmbeddingFiles.save(folder, name, embedding, tokenizer, format);
        registry.announce(new EmbeddingEvent.Saved(name, folder));
    }

    Optional<Tokenizer> load(Path folder, String name) throws IOException {
        registry.checkNewName(name);
        EmbeddingFiles.Loaded loaded = read(folder);
        registry.add(name, loaded.embedding(), true);
        loaded.warnings().forEach(w -> registry.announce(new EmbeddingEvent.Warned(name, w)));
        registry.activate(name);
        return loaded.tokenizer();
    }

    Optional<Tokenizer> restore(Path folder, String name) throws IOException {
        registry.get(name);
        EmbeddingFiles.Loaded loaded = read(folder);
        registry.replace(name, loaded.embedding());
        loaded.warnings().forEach(w -> registry.announce(new EmbeddingEvent.Warned(name, w)));
        return loaded.tokenizer();
    }

    private EmbeddingFiles.Loaded read(Path folder) throws IOException {
        EmbeddingFiles.Loaded loaded = withSubManager(manager, owned -> EmbeddingFiles.load(folder, owned,
                hiddenSize));
        TokenEmbedding embedding = loaded.embedding();
        if (untied && embedding.outputRows().isEmpty()) {
            return withOutputRows(folder, loaded);
        }
        if (!untied && embedding.outputRows().isPresent()) {
            List<String> warnings = new ArrayList<>(loaded.warnings());
            warnings.add(folder + " holds output rows, but this " + modelType + " model scores the next token with "
                    + "its input rows (a tied head): the output rows are not used");
            return new EmbeddingFiles.Loaded(embedding, loaded.tokenizer(), warnings);
        }
        return loaded;
    }

    /**
     * An embedding saved without output rows ({@code adapters} writes only the input side) on a model with a head
     * of its own: the output rows of tokens "default" also has are copied from its head, the others drawn from
     * N(0, 0.02) — as {@code addEmbeddings} with "default" as the reference makes them — and a warning says so.
     */
    private EmbeddingFiles.Loaded withOutputRows(Path folder, EmbeddingFiles.Loaded loaded) {
        TokenEmbedding embedding = loaded.embedding();
        TokenEmbedding reference = registry.get(EmbeddingRegistry.DEFAULT);
        EmbeddingInitializer.OutputRows made = EmbeddingInitializer.outputRowsFor(embedding.manager(),
                embedding.tokenizer().orElse(null), embedding.rows(), embedding.dimension(), newSeed(), reference);
        TokenEmbedding pair = new TokenEmbedding(embedding.manager(), embedding.weight(), embedding.outputBias(),
                made.rows(), embedding.tokenizer().orElse(null), embedding.origin(), embedding.rowOriginCodes());
        List<String> warnings = new ArrayList<>(loaded.warnings());
        warnings.add(folder + " holds no output rows (" + EmbeddingFiles.OUTPUT_ROWS_FILE + "; adapters saves only "
                + "the input side), and this model's head is not tied: its output rows were made — " + made.copied()
                + " copied from \"default\"'s head for the tokens both vocabularies have, " + (embedding.rows()
                - made.copied()) + " drawn from N(0, 0.02)");
        return new EmbeddingFiles.Loaded(pair, loaded.tokenizer(), warnings);
    }

    void markTrained(String embedding, boolean[] changedRows) {
        TokenEmbedding trained = registry.get(embedding);
        int changed = trained.markTrained(changedRows);
        registry.announce(new EmbeddingEvent.Trained(embedding, changed));
    }

    /** What is made with a new sub-manager of the model's, which then owns it. */
    @FunctionalInterface
    interface SubManagerWork<T, E extends Exception> {
        T apply(NDManager owned) throws E;
    }

    /**
     * Runs {@code work} with a new sub-manager of {@code manager}. What it makes keeps the sub-manager; if it
     * fails, the sub-manager is closed, so nothing half-made stays attached to the model.
     */
    static <T, E extends Exception> T withSubManager(NDManager manager, SubManagerWork<T, E> work) throws E {
        NDManager owned = manager.newSubManager();
        try {
            return work.apply(owned);
        } catch (Exception e) {
            owned.close();
            throw e;
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
