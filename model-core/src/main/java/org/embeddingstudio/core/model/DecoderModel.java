package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderForward;
import org.embeddingstudio.core.decoder.DecoderWeights;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.ResidualHook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A decoder-only causal language model (GPT-2, Llama, Mistral, Qwen2, Gemma) loaded from a Hugging Face folder:
 * its blocks, and its token embeddings as a pair — input rows and, when the head is not tied, output rows.
 */
public final class DecoderModel extends NamedEmbeddingsModel implements AdaptableModel {
    // The named-embedding API (source, device, …Embeddings, pairs here) is inherited from NamedEmbeddingsModel.
    private final DecoderConfig config;
    private final DecoderWeights weights;
    private final DecoderForward forward;
    // Guarded by this model's lock.
    private final DecoderAdapters adapterCommands;
    private final AdapterRegistry adapters;

    private DecoderModel(NDManager manager, DecoderConfig config, DecoderWeights weights,
                         TokenEmbedding defaultEmbedding, boolean untied, String source) {
        super(manager, config.family().modelType(), config.numHiddenLayers(), config.hiddenSize(), untied,
                defaultEmbedding, source, source.hashCode());
        this.config = config;
        this.weights = weights;
        this.forward = new DecoderForward(weights);
        this.adapterCommands = new DecoderAdapters(manager, AdapterPlacement.of(config), source, source.hashCode(),
                embeddings, !untied);
        this.adapters = adapterCommands.adapters;
    }

    /** The model {@link DecoderCheckpoint} read: {@code head} is null when tied to the input rows. */
    static DecoderModel assembled(NDManager manager, DecoderConfig config, DecoderWeights weights, NDArray inputRows,
                                  NDArray head, Tokenizer tokenizer, String source) {
        return new DecoderModel(manager, config, weights, defaultEmbedding(manager, inputRows, head, tokenizer,
                source), head != null, source);
    }

    /** "default": the checkpoint's rows; those past the tokenizer (Qwen2.5, Gemma 3 pad the matrix) are padding. */
    private static TokenEmbedding defaultEmbedding(NDManager manager, NDArray inputRows, NDArray head,
                                                   Tokenizer tokenizer, String source) {
        int rows = Math.toIntExact(inputRows.getShape().get(0));
        byte[] origins = new byte[rows];
        int tokens = tokenizer == null ? rows : Math.min(rows, tokenizer.vocabulary().size());
        Arrays.fill(origins, 0, tokens, RowOrigin.PRETRAINED.code());
        Arrays.fill(origins, tokens, rows, RowOrigin.PADDING.code());
        return new TokenEmbedding(manager.newSubManager(), inputRows, manager.zeros(new Shape(rows)), head, tokenizer,
                new EmbeddingOrigin(source, "", "", EmbeddingOrigin.EXACT, 0), origins);
    }

    /**
     * Loads {@code config.json}, the weights (safetensors, sharded or not, or PyTorch files) and the tokenizer if the
     * folder has one; see {@link DecoderCheckpoint}.
     *
     * @throws FileFormatException naming the folder's file and what is wrong
     */
    public static DecoderModel load(Path folder, Device device) throws IOException {
        return DecoderCheckpoint.load(folder, device);
    }

    /**
     * A freshly initialised decoder of {@code config}'s shape whose "default" is made for {@code tokenizer}
     * ({@link RandomDecoder}); its source is "random".
     */
    public static DecoderModel random(DecoderConfig config, Tokenizer tokenizer, Device device, long seed) {
        return RandomDecoder.create(config, tokenizer, device, seed);
    }

    /** The model's config; {@code vocab_size} is the active embedding's. */
    public synchronized DecoderConfig config() {
        return config.withVocabSize(embeddings.active().rows());
    }

    /** Whether the output rows are the input rows (one matrix) rather than a head of their own. */
    public boolean tied() {
        return config.tieWordEmbeddings();
    }

    /** The tokenizer of the active embedding, if it has one ({@link #activeTokenizer()}). */
    public Optional<Tokenizer> tokenizer() {
        return activeTokenizer();
    }

    /** The active embedding's input rows, (V, H). */
    public synchronized NDArray inputRows() {
        return embeddings.active().weight();
    }

    /**
     * The active embedding's output rows, (V, H): its own when the head is untied, else its input rows (the
     * tied head scores with the input matrix, whatever a loaded folder carried).
     */
    public synchronized NDArray outputRows() {
        TokenEmbedding active = embeddings.active();
        return tied() ? active.weight() : active.outputRows().orElseThrow();
    }

    /** Every parameter array the model holds: blocks, then each embedding's input and (untied) output rows. */
    public synchronized List<NDArray> parameterArrays() {
        List<NDArray> arrays = new ArrayList<>(weights.parameters().values());
        for (String name : embeddings.names()) {
            TokenEmbedding embedding = embeddings.get(name);
            arrays.add(embedding.weight());
            embedding.outputRows().filter(rows -> !tied()).ifPresent(arrays::add);
        }
        return arrays;
    }

    /**
     * Adds a bottleneck adapter in every decoder block, where {@code adapters} places one for this model family
     * (after attention and/or after the MLP, on the sublayer's output before the residual add), with
     * {@code adapters}' "bert" initialisation. It is not active until {@link #setActiveAdapter} or
     * {@link #trainAdapter}.
     */
    public synchronized void addAdapter(String name, BottleneckConfig adapterConfig) {
        adapterCommands.add(name, adapterConfig);
    }

    /** Saves an adapter as {@code adapters}' {@code save_adapter} does, with its parameter names for this model. */
    @Override
    public synchronized void saveAdapter(Path folder, String name) throws IOException {
        adapterCommands.save(folder, name);
    }

    /**
     * Loads an adapter folder ({@code save_adapter}'s, ours or Python's) for this model family and size.
     *
     * @param name the name to load it under, or null for the saved one
     * @return the name it was loaded under
     */
    public synchronized String loadAdapter(Path folder, String name) throws IOException {
        return adapterCommands.load(folder, name);
    }

    @Override
    public synchronized void deleteAdapter(String name) {
        adapterCommands.delete(name);
    }

    @Override
    public synchronized BottleneckAdapter detachAdapter(String name) {
        return adapterCommands.detach(name);
    }

    @Override
    public synchronized void reattachAdapter(BottleneckAdapter adapter, boolean active) {
        adapters.add(adapter);
        if (active) {
            adapters.activate(adapter.name());
        }
    }

    @Override
    public String summary() {
        return super.summary() + (tied() ? ", tied head" : ", untied head");
    }

    @Override
    AdapterRegistry adapterRegistry() {
        return adapters;
    }

    /**
     * Sets up training as {@code adapters}' {@code train_adapter(name, train_embeddings)}: the adapter (now active)
     * trains, and with {@code trainEmbeddings} the active embedding pair (input rows, and output rows when the head
     * is untied). Everything else stays frozen.
     */
    @Override
    public synchronized TrainingSetup trainAdapter(String name, boolean trainEmbeddings) {
        return adapterCommands.trainAdapter(name, trainEmbeddings);
    }

    @Override
    public synchronized Optional<TrainingSetup> trainingSetup() {
        return adapterCommands.setup();
    }

    @Override
    public synchronized Map<String, NDArray> trainableParameters() {
        return adapterCommands.trainableParameters();
    }

    @Override
    public synchronized <T> T readTrainedRows(String embedding, Function<NDArray, T> reader) {
        TokenEmbedding trained = embeddings.get(embedding);
        if (tied() || trained.outputRows().isEmpty()) {
            return reader.apply(trained.weight());
        }
        try (NDArray both = NDArrays.concat(new NDList(trained.weight(), trained.outputRows().get()), 1)) {
            return reader.apply(both);
        }
    }

    /**
     * Writes the model with its active embedding pair as a Hugging Face folder ({@link DecoderExporter}); an active
     * adapter goes beside it under {@code adapters/NAME/}.
     */
    @Override
    public synchronized void exportHuggingFace(Path folder) throws IOException {
        DecoderExporter.export(weights, embeddings.active(), tied(), folder);
        if (adapters.active().isPresent()) {
            String adapter = adapters.active().get().name();
            adapterCommands.save(folder.resolve("adapters").resolve(adapter), adapter);
        }
    }

    /**
     * {@code embedding} with the active adapter, to generate or score with outside the model's lock; close it when
     * done ({@link DecoderSnapshot}).
     *
     * @throws IllegalArgumentException when there is no embedding named {@code embedding}
     */
    public synchronized DecoderSnapshot snapshot(String embedding) {
        return snapshot(embedding, adapters.active().map(BottleneckAdapter::name).orElse(null));
    }

    /**
     * As {@link #snapshot(String)}, with {@code adapter} (null: none) in place of the active adapter: the model as
     * it came is {@code snapshot("default", null)}.
     *
     * @throws IllegalArgumentException when there is no embedding named {@code embedding} or adapter {@code adapter}
     */
    public synchronized DecoderSnapshot snapshot(String embedding, String adapter) {
        TokenEmbedding rows = embeddings.get(embedding);
        return new DecoderSnapshot(manager, config.withVocabSize(rows.rows()), forward,
                embeddings.snapshot(embedding), rows, tied(), adapter == null ? null : adapters.get(adapter));
    }

    /** A cache for generating with this model; close it when done. */
    public KeyValueCache newCache() {
        return new KeyValueCache(manager, config.numHiddenLayers());
    }

    /**
     * The last hidden states after the final norm, (B, T, H), in the caller's scope.
     *
     * @param attentionMask (B, K) over the cached and the new positions; 1 for real tokens
     * @param cache         cached keys and values (extended by this call), or null
     */
    public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return forward.forward(inputRows(), inputIds, attentionMask, cache, residuals(), false);
    }

    /** {@link #hiddenStates} in train mode: with the config's dropout (GPT-2's 0.1 by default), without a cache. */
    public NDArray trainingHiddenStates(NDArray inputIds, NDArray attentionMask) {
        return forward.forward(inputRows(), inputIds, attentionMask, null, residuals(), true);
    }

    /** Next-token logits for every position, (B, T, V), in the caller's scope. */
    public NDArray logits(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return logitsOf(hiddenStates(inputIds, attentionMask, cache));
    }

    /** Logits over the active vocabulary for hidden states of any leading shape, (…, V). */
    public NDArray logitsOf(NDArray hidden) {
        return forward.logits(hidden, outputRows());
    }

    /** The active adapter, or a plain residual add. */
    private synchronized ResidualHook residuals() {
        return adapters.hook();
    }

    @Override
    public void close() {
        embeddingCommands.close();
        adapterCommands.close();
        manager.close();
    }
}
