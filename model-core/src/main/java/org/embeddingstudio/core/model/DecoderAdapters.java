package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.tensor.GaussianFill;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter and training commands behind {@link DecoderModel}: bottleneck adapters where {@code adapters}' decoder
 * blocks put them ({@link AdapterPlacement#of(org.embeddingstudio.core.decoder.DecoderConfig)}), saved and loaded
 * in its layout, and what trains under {@code trainAdapter}. Not thread-safe: guarded by the model's lock.
 */
final class DecoderAdapters implements AutoCloseable {
    /** The prediction head of a causal LM: the active embedding's output rows. */
    static final String HEAD = "lm_head";

    private final NDManager manager;
    private final AdapterPlacement placement;
    private final String source;
    private final long seed;
    private final EmbeddingRegistry embeddings;
    private final boolean tied;
    final AdapterRegistry adapters = new AdapterRegistry();
    private TrainingSetup setup;

    DecoderAdapters(NDManager manager, AdapterPlacement placement, String source, long seed,
                    EmbeddingRegistry embeddings, boolean tied) {
        this.manager = manager;
        this.placement = placement;
        this.source = source;
        this.seed = seed;
        this.embeddings = embeddings;
        this.tied = tied;
    }

    void add(String name, BottleneckConfig config) {
        adapters.checkNewName(name);
        adapters.add(BottleneckAdapter.create(name, config, placement, manager,
                GaussianFill.derive(seed, "adapter:" + name)));
    }

    /** Saves as {@code save_adapter} does, without a head: a causal LM's head is its embedding pair's output side. */
    void save(Path folder, String name) throws IOException {
        AdapterFiles.save(folder, adapters.get(name), placement, source, null);
    }

    String load(Path folder, String name) throws IOException {
        return ModelEmbeddings.withSubManager(manager, owned -> {
            BottleneckAdapter adapter = AdapterFiles.load(folder, name, placement, owned);
            adapters.checkNewName(adapter.name());
            adapters.add(adapter);
            return adapter.name();
        });
    }

    void delete(String name) {
        adapters.delete(name);
        if (setup != null && setup.adapter().equals(name)) {
            setup = null;
        }
    }

    /** Removes an adapter without freeing it; a training set-up for it ends. */
    BottleneckAdapter detach(String name) {
        BottleneckAdapter detached = adapters.detach(name);
        if (setup != null && setup.adapter().equals(name)) {
            setup = null;
        }
        return detached;
    }

    TrainingSetup trainAdapter(String name, boolean trainEmbeddings) {
        adapters.get(name);
        adapters.activate(name);
        setup = new TrainingSetup(name, trainEmbeddings, embeddings.activeName(), HEAD);
        return setup;
    }

    Optional<TrainingSetup> setup() {
        return Optional.ofNullable(setup);
    }

    /**
     * The adapter's parameters and, when the embedding trains, its input rows and (untied head) its output rows.
     * {@code adapters} leaves an untied {@code lm_head} frozen under {@code train_embeddings=True}, which trains new
     * input rows against output rows of the old vocabulary; here the pair trains together.
     */
    Map<String, NDArray> trainableParameters() {
        TrainingSetup current = setup().orElseThrow(() ->
                new IllegalStateException("call trainAdapter(name, trainEmbeddings) first"));
        if (!current.embedding().equals(embeddings.activeName())) {
            throw new IllegalStateException("the active embedding changed since trainAdapter; call it again");
        }
        Map<String, NDArray> trainable = new LinkedHashMap<>(adapters.get(current.adapter()).parameters());
        if (current.trainEmbeddings()) {
            TokenEmbedding active = embeddings.active();
            trainable.put("embeddings." + current.embedding() + ".weight", active.weight());
            if (!tied) {
                trainable.put("embeddings." + current.embedding() + ".output_rows", active.outputRows().orElseThrow());
            }
        }
        return trainable;
    }

    @Override
    public void close() {
        adapters.close();
    }
}
