package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.BertEncoder;
import org.embeddingstudio.core.transformer.BertWeights;
import org.embeddingstudio.core.transformer.MaskedLmHead;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A BERT-family model with named token embeddings: the Java counterpart of a model with {@code adapters}'
 * {@code EmbeddingAdaptersMixin}. Method names follow the Python API ({@code addEmbeddings},
 * {@code setActiveEmbeddings}, {@code deleteEmbeddings}, …) so that researchers recognise every call.
 *
 * <p>The forward pass, the tied masked-LM decoder, its output bias and {@link #vocabSize()} all follow the active
 * embedding.
 *
 * <p>Thread-safe: every method that reads or changes the model holds the model's lock (this instance's monitor),
 * and its registries of embeddings, adapters and heads never leave it. What the queries return is a snapshot
 * ({@link EmbeddingSnapshot}, {@link EmbeddingInfo}, copied lists) or immutable (tokenizers, configs); arrays are
 * only lent, under the lock, through {@link #read}. Listeners are called on the thread that changed the model,
 * while it holds the lock.
 */
public final class AdapterModel extends NamedEmbeddingsModel implements AdaptableModel {
    // The named-embedding API (source, device, …Embeddings) is inherited from NamedEmbeddingsModel.
    private final BertConfig config;
    private final BertWeights weights;
    private final BertEncoder encoder;
    // One lock, this instance's monitor, guards the collaborators and the registries they share.
    private final ModelAdapters adapterCommands;
    private final ModelTraining training;
    private final AdapterRegistry adapters;
    private final HeadRegistry heads;
    private final ModelParts parts;

    AdapterModel(NDManager manager, BertConfig config, BertWeights weights, TokenEmbedding defaultEmbedding,
                 MaskedLmHead maskedLmHead, String source, long seed) {
        super(manager, config.architecture().modelType(), config.numHiddenLayers(), config.hiddenSize(), false,
                defaultEmbedding, source, seed);
        this.config = config;
        this.weights = weights;
        this.encoder = new BertEncoder(weights);
        this.adapterCommands = new ModelAdapters(manager, config, source, seed, embeddings, maskedLmHead);
        this.adapters = adapterCommands.adapters;
        this.heads = adapterCommands.heads;
        this.training = new ModelTraining(embeddings, adapters, heads);
        this.parts = new RegistryParts(embeddings, adapters, heads);
    }

    /** A freshly initialised model (std 0.02, as Hugging Face does); "default" is made for {@code tokenizer}. */
    public static AdapterModel random(BertConfig config, Tokenizer tokenizer, Device device, long seed) {
        NDManager manager = NDManager.newBaseManager(device);
        BertConfig sized = config.withVocabSize(tokenizer.vocabulary().size());
        BertWeights weights = BertWeights.random(sized, manager, seed);
        EmbeddingInitializer.Created created = EmbeddingInitializer.create(manager.newSubManager(), tokenizer,
                sized.hiddenSize(), seed, Optional.empty(), "random " + sized.architecture().modelType(),
                EmbeddingOptions.defaults());
        MaskedLmHead head = MaskedLmHead.random(sized, manager, seed);
        return new AdapterModel(manager, sized, weights, created.embedding(), head, "random", seed);
    }

    /** The model's config; {@code vocab_size} is the active embedding's. */
    public synchronized BertConfig config() {
        return config.withVocabSize(vocabSize());
    }

    /**
     * Runs {@code reader} on the model's parts under the model's lock, for what needs their arrays (copying a
     * matrix, comparing weights). Nothing {@code reader} is given may escape it: see {@link ModelParts}.
     */
    public synchronized <T, E extends Exception> T read(ModelParts.Reader<T, E> reader) throws E {
        return reader.read(parts);
    }

    /** Last hidden states under the active embedding, (B, T, H); arrays belong to the caller's scope. */
    public synchronized NDArray hiddenStates(TokenBatch batch) {
        return encoder.forward(embeddings.active().weight(), batch, adapters.hook(), false);
    }

    /** Masked-LM logits over the active embedding's vocabulary, (B, T, V). */
    public synchronized NDArray maskedLmLogits(TokenBatch batch) {
        TokenEmbedding active = embeddings.active();
        NDArray hidden = encoder.forward(active.weight(), batch, adapters.hook(), false);
        return maskedLmHead().logits(hidden, active.weight(), active.outputBias());
    }

    /** Masked-LM logits of given hidden states, (…, H) → (…, V), through the head tied to the active embedding. */
    public synchronized NDArray maskedLmLogitsOf(NDArray hidden) {
        TokenEmbedding active = embeddings.active();
        return maskedLmHead().logits(hidden, active.weight(), active.outputBias());
    }

    /** Class logits of the active classification head, (B, labels). */
    public synchronized NDArray classificationLogitsOf(NDArray hidden, boolean training) {
        return heads.activeClassification().orElseThrow(() ->
                new IllegalStateException("no classification head is active")).logits(hidden, training);
    }

    /** The masked-LM head; a fresh one (tied to the active embedding) when the model came without one. */
    synchronized MaskedLmHead maskedLmHead() {
        return heads.maskedLm();
    }

    /** Whether the masked-LM head was freshly initialised here rather than read with the model. */
    public synchronized boolean maskedLmHeadIsFresh() {
        maskedLmHead();
        return heads.maskedLmIsFresh();
    }

    // ---- adapters ----

    /** Adds a bottleneck adapter to every layer (not active until {@link #setActiveAdapter} or training). */
    public synchronized void addAdapter(String name, BottleneckConfig adapterConfig) {
        adapterCommands.addAdapter(name, adapterConfig);
    }

    /** Registers an adapter read from files (see {@code AdapterFiles}). */
    public synchronized void addAdapter(BottleneckAdapter adapter) {
        adapters.add(adapter);
    }

    /** Saves an adapter with the active head beside it, as {@code save_adapter(folder, name, with_head=True)}. */
    @Override
    public synchronized void saveAdapter(Path folder, String name) throws IOException {
        saveAdapter(folder, name, true);
    }

    /**
     * Saves an adapter in {@code adapters}' layout; with {@code withHead}, the active head beside it (as
     * {@code save_adapter(..., with_head=True)}): a classification head, or the masked-LM head with the active
     * embedding as its tied decoder.
     */
    public synchronized void saveAdapter(Path folder, String name, boolean withHead) throws IOException {
        adapterCommands.saveAdapter(folder, name, withHead);
    }

    /**
     * Loads an adapter folder (written here or by {@code adapters}) and its head, if it has one, which becomes the
     * active head. The adapter is not activated.
     *
     * @param name the name to register it under, or null for the name it was saved with
     * @return the name it was registered under
     */
    public synchronized String loadAdapter(Path folder, String name) throws IOException {
        return adapterCommands.loadAdapter(folder, name);
    }

    /**
     * Exports the model with its active embedding as a Hugging Face folder ({@code config.json} with the new
     * {@code vocab_size}, {@code model.safetensors}, tokenizer files) that BERT/RoBERTa loaders read; an active
     * adapter goes beside it under {@code adapters/NAME/}.
     */
    public synchronized void exportHuggingFace(Path folder) throws IOException {
        HuggingFaceExporter.export(this, folder);
    }

    /** Removes an adapter without freeing it (for undo); {@link #reattachAdapter} puts it back. */
    public synchronized BottleneckAdapter detachAdapter(String name) {
        training.forgetAdapter(name);
        return adapters.detach(name);
    }

    /** Puts a detached adapter back, active again if {@code active}. */
    public synchronized void reattachAdapter(BottleneckAdapter adapter, boolean active) {
        adapterCommands.reattachAdapter(adapter, active);
    }

    public synchronized void deleteAdapter(String name) {
        training.forgetAdapter(name);
        adapters.delete(name);
    }

    // ---- heads ----

    /** Adds a classification head as {@code adapters}' {@code add_classification_head} and makes it active. */
    public synchronized void addClassificationHead(String name, List<String> labels) {
        adapterCommands.addClassificationHead(name, labels);
    }

    /** Registers a head read from files and makes it active. */
    public synchronized void addClassificationHead(ClassificationHead head) {
        adapterCommands.addClassificationHead(head);
    }

    /**
     * Saves one head ({@code name}, or {@link HeadRegistry#MASKED_LM}) in {@code adapters}' head layout
     * ({@code head_config.json}, {@code pytorch_model_head.bin}); the masked-LM head with the active embedding as
     * its tied decoder and that embedding's output bias, as {@link #saveAdapter} writes it.
     */
    public synchronized void saveHead(Path folder, String name) throws IOException {
        adapterCommands.saveHead(folder, name);
    }

    /**
     * Loads a head folder written by {@link #saveHead}: a classification head is added (not activated); a
     * masked-LM head replaces the current one, and {@code freshMaskedLm} says whether it counts as made here
     * ({@link #maskedLmHeadIsFresh}). A masked-LM head's output bias is not applied: it belongs to an embedding,
     * which keeps its own.
     *
     * @return the head's name
     */
    public synchronized String loadHead(Path folder, boolean freshMaskedLm) throws IOException {
        return adapterCommands.loadHead(folder, freshMaskedLm);
    }

    /** Whether the masked-LM head exists yet (read with the model, loaded, or made on first use). */
    public synchronized boolean hasMaskedLmHead() {
        return heads.hasMaskedLm();
    }

    public synchronized void setActiveHead(String name) {
        heads.activate(name);
    }

    /** Head names, {@link HeadRegistry#MASKED_LM} first: a snapshot. */
    public synchronized List<String> headNames() {
        return List.copyOf(heads.names());
    }

    /** The name of the active head ({@link HeadRegistry#MASKED_LM} when no classification head is). */
    public synchronized String activeHead() {
        return heads.activeName();
    }

    /** The labels of the classification head named {@code name}; empty when there is none (or it is masked-LM). */
    public synchronized Optional<List<String>> headLabels(String name) {
        return heads.classification(name).map(head -> List.copyOf(head.labels()));
    }

    /** Deletes a classification head and frees it (the masked-LM head never); the masked-LM one becomes active. */
    public synchronized void deleteHead(String name) {
        heads.delete(name);
    }

    // ---- training ----

    /**
     * Prepares training as {@code adapters}' {@code train_adapter(name, train_embeddings)}: the base model is frozen;
     * the adapter (now active) and the active prediction head train, and with {@code trainEmbeddings} the active
     * embedding too (and with it the tied masked-LM decoder). Other embeddings never train.
     */
    public synchronized TrainingSetup trainAdapter(String name, boolean trainEmbeddings) {
        return training.trainAdapter(name, trainEmbeddings);
    }

    /** The current training setup, if {@link #trainAdapter} was called. */
    @Override
    public synchronized Optional<TrainingSetup> trainingSetup() {
        return training.setup();
    }

    /**
     * The parameters that train under the current setup, by a name unique in the model. The arrays are the
     * model's own: an optimizer updates them in place.
     */
    @Override
    public synchronized Map<String, NDArray> trainableParameters() {
        return training.trainableParameters();
    }

    /** The embedding's matrix: its tied masked-LM decoder trains with it. */
    @Override
    public synchronized <T> T readTrainedRows(String embedding, Function<NDArray, T> reader) {
        return reader.apply(embeddings.get(embedding).weight());
    }

    /** The training forward pass (dropout on) under the active adapter: last hidden states, (B, T, H). */
    public synchronized NDArray trainingHiddenStates(TokenBatch batch) {
        return encoder.forward(embeddings.active().weight(), batch, adapters.hook(), true);
    }

    @Override
    AdapterRegistry adapterRegistry() {
        return adapters;
    }

    BertWeights weights() {
        return weights;
    }

    @Override
    public synchronized void close() {
        embeddingCommands.close();
        adapterCommands.close();
        manager.close();
    }
}
