package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingListener;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
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
import java.util.function.Consumer;

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
public final class AdapterModel implements AutoCloseable {
    private final NDManager manager;
    private final BertConfig config;
    private final BertWeights weights;
    private final BertEncoder encoder;
    private final String source;
    // One lock, this instance's monitor, guards the three collaborators and the registries they share.
    private final ModelEmbeddings embeddingCommands;
    private final ModelAdapters adapterCommands;
    private final ModelTraining training;
    private final EmbeddingRegistry embeddings;
    private final AdapterRegistry adapters;
    private final HeadRegistry heads;
    private final ModelParts parts;

    AdapterModel(NDManager manager, BertConfig config, BertWeights weights, TokenEmbedding defaultEmbedding,
                 MaskedLmHead maskedLmHead, String source, long seed) {
        this.manager = manager;
        this.config = config;
        this.weights = weights;
        this.encoder = new BertEncoder(weights);
        this.source = source;
        this.embeddingCommands = new ModelEmbeddings(manager, config, source, seed, defaultEmbedding);
        this.embeddings = embeddingCommands.registry;
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

    /** Where the model came from (a folder, or "random"). */
    public String source() {
        return source;
    }

    /** The model's config; {@code vocab_size} is the active embedding's. */
    public synchronized BertConfig config() {
        return config.withVocabSize(vocabSize());
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Embedding names in the order they were added, "default" first: a snapshot. */
    public synchronized List<String> embeddingNames() {
        return List.copyOf(embeddings.names());
    }

    /** Whether there is an embedding named {@code name}. */
    public synchronized boolean hasEmbeddings(String name) {
        return embeddings.contains(name);
    }

    /**
     * A snapshot of one embedding without its arrays (tokenizer, rows, per-row origins).
     *
     * @throws IllegalArgumentException when there is no embedding named {@code name}
     */
    public synchronized EmbeddingSnapshot embedding(String name) {
        return embeddings.snapshot(name);
    }

    /**
     * The tokenizer of an embedding, if it has one (tokenizers are immutable and outlive a deleted embedding).
     *
     * @throws IllegalArgumentException when there is no embedding named {@code name}
     */
    public synchronized Optional<Tokenizer> tokenizerOf(String name) {
        return embeddings.get(name).tokenizer();
    }

    /** Checks that {@code name} is a valid name for a new embedding and not taken; throws IllegalArgumentException. */
    public synchronized void checkNewEmbeddingsName(String name) {
        embeddings.checkNewName(name);
    }

    /**
     * An embedding of this model as the donor of {@link org.embeddingstudio.core.embedding.InitStrategy#OMP}. It
     * shares this model's matrix, so it is only valid until that embedding is deleted or replaced: pass it to
     * {@link #addEmbeddings(String, Tokenizer, String, Tokenizer, EmbeddingOptions)} straight away.
     */
    public synchronized DonorEmbedding donorEmbedding(String name, String source) {
        return new DonorEmbedding(embeddings.get(name), source);
    }

    /**
     * Runs {@code reader} on the model's parts under the model's lock, for what needs their arrays (copying a
     * matrix, comparing weights). Nothing {@code reader} is given may escape it: see {@link ModelParts}.
     */
    public synchronized <T, E extends Exception> T read(ModelParts.Reader<T, E> reader) throws E {
        return reader.read(parts);
    }


    /** A snapshot of every embedding, taken under the model's lock (safe while other threads change the model). */
    public synchronized List<EmbeddingInfo> embeddingInfos() {
        return embeddings.infos();
    }

    /** Adapter names and the active one, taken under the model's lock. */
    public synchronized AdapterInfos adapterInfos() {
        return new AdapterInfos(List.copyOf(adapters.names()),
                adapters.active().map(BottleneckAdapter::name).orElse(""));
    }

    /** Adapter names and which is active ("" for none). */
    public record AdapterInfos(List<String> names, String active) {
    }

    public void addEmbeddingListener(EmbeddingListener listener) {
        embeddings.addListener(listener);
    }

    /** Adds an embedding for {@code tokenizer}'s vocabulary with rows drawn from N(0, 0.02), and makes it active. */
    public synchronized EmbeddingInitializer.Created addEmbeddings(String name, Tokenizer tokenizer) {
        return addEmbeddings(name, tokenizer, null, null, EmbeddingOptions.defaults());
    }

    /**
     * Adds an embedding whose rows for tokens present in both vocabularies (by identical string) are copied from
     * {@code referenceEmbedding}; the others are drawn from N(0, 0.02). The new embedding becomes active.
     */
    public synchronized EmbeddingInitializer.Created addEmbeddings(String name, Tokenizer tokenizer,
                                                                   String referenceEmbedding,
                                                                   Tokenizer referenceTokenizer) {
        return addEmbeddings(name, tokenizer, referenceEmbedding, referenceTokenizer, EmbeddingOptions.defaults());
    }

    /**
     * {@link #addEmbeddings(String, Tokenizer, String, Tokenizer)} with a dimension, seed, init strategy (FVT,
     * mean or OMP instead of random rows, see {@link org.embeddingstudio.core.embedding.InitStrategy}) and/or a
     * precomputed row mapping. An OMP run holds this model's lock while it computes; see
     * {@link org.embeddingstudio.core.embedding.OrthogonalMatchingPursuit#estimate} for its cost.
     */
    public synchronized EmbeddingInitializer.Created addEmbeddings(String name, Tokenizer tokenizer,
                                                                   String referenceEmbedding,
                                                                   Tokenizer referenceTokenizer,
                                                                   EmbeddingOptions options) {
        return embeddingCommands.add(name, tokenizer, referenceEmbedding, referenceTokenizer, options);
    }

    /** The name of the active embedding. */
    public synchronized String activeEmbeddings() {
        return embeddings.activeName();
    }

    /** Makes {@code name} active: the forward pass, the tied decoder, its bias and the vocabulary size follow. */
    public synchronized void setActiveEmbeddings(String name) {
        embeddings.activate(name);
    }

    /** Deletes an embedding ("default" never); deleting the active one makes "default" active. */
    public synchronized void deleteEmbeddings(String name) {
        embeddings.delete(name);
    }

    /** Renames an embedding ("default" never). */
    public synchronized void renameEmbeddings(String name, String newName) {
        embeddings.rename(name, newName);
    }

    /** Removes an embedding without freeing it; {@link #reattachEmbeddings} puts it back without a copy. */
    public synchronized DetachedEmbedding detachEmbeddings(String name) {
        return embeddingCommands.detach(name);
    }

    /** Puts a detached embedding back under its name, active again if it was. */
    public synchronized void reattachEmbeddings(DetachedEmbedding detached) {
        embeddingCommands.reattach(detached);
    }

    /** Saves an embedding as {@code adapters} does ({@code embedding.pt}), without a tokenizer. */
    public synchronized void saveEmbeddings(Path folder, String name) throws IOException {
        saveEmbeddings(folder, name, null, EmbeddingFormat.PT);
    }

    /** Saves an embedding ({@code embedding.pt}) with a tokenizer in {@code tokenizer/}. */
    public synchronized void saveEmbeddings(Path folder, String name, Tokenizer tokenizer) throws IOException {
        saveEmbeddings(folder, name, tokenizer, EmbeddingFormat.PT);
    }

    /**
     * Saves an embedding's current weights (the active one's included, trained or not) in the given format, with
     * the sidecar that keeps its output bias, origin and per-row provenance. Each file is replaced atomically.
     */
    public synchronized void saveEmbeddings(Path folder, String name, Tokenizer tokenizer, EmbeddingFormat format)
            throws IOException {
        embeddingCommands.save(folder, name, tokenizer, format);
    }

    /**
     * Loads an embedding folder (written here or by Python's {@code save_embeddings}) under {@code name} and makes
     * it active, as {@code adapters} does.
     *
     * @return the tokenizer saved with it, if any
     */
    public synchronized Optional<Tokenizer> loadEmbeddings(Path folder, String name) throws IOException {
        return embeddingCommands.load(folder, name);
    }

    /**
     * Replaces an embedding ("default" included) with a saved folder's weights, output bias, tokenizer and row
     * provenance, keeping its name, place and whether it is active: how a workspace restores a trained "default",
     * which cannot be deleted and loaded again.
     *
     * @return the tokenizer saved with it, if any
     */
    public synchronized Optional<Tokenizer> restoreEmbeddings(Path folder, String name) throws IOException {
        return embeddingCommands.restore(folder, name);
    }

    /** Rows of the active embedding: {@code config.vocab_size} as {@code adapters} reports it after a switch. */
    public synchronized int vocabSize() {
        return embeddings.active().rows();
    }

    /** The tokenizer of the active embedding, if it has one. */
    public synchronized Optional<Tokenizer> activeTokenizer() {
        return embeddings.active().tokenizer();
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

    /** Makes {@code name} the adapter of the forward pass; null for none. */
    public synchronized void setActiveAdapter(String name) {
        adapters.activate(name);
    }

    /** Adapter names in the order they were added: a snapshot. */
    public synchronized List<String> adapterNames() {
        return List.copyOf(adapters.names());
    }

    /** The name of the active adapter, if one is. */
    public synchronized Optional<String> activeAdapter() {
        return adapters.active().map(BottleneckAdapter::name);
    }

    /** @throws IllegalArgumentException when there is no adapter named {@code name} */
    public synchronized BottleneckConfig adapterConfig(String name) {
        return adapters.get(name).config();
    }

    /** Told of every adapter added, deleted or activated, on the thread that changed the model. */
    public void addAdapterListener(Consumer<AdapterRegistry.AdapterEvent> listener) {
        adapters.addListener(listener);
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
    public synchronized Optional<TrainingSetup> trainingSetup() {
        return training.setup();
    }

    /**
     * The parameters that train under the current setup, by a name unique in the model. The arrays are the
     * model's own: an optimizer updates them in place.
     */
    public synchronized Map<String, NDArray> trainableParameters() {
        return training.trainableParameters();
    }

    /** The training forward pass (dropout on) under the active adapter: last hidden states, (B, T, H). */
    public synchronized NDArray trainingHiddenStates(TokenBatch batch) {
        return encoder.forward(embeddings.active().weight(), batch, adapters.hook(), true);
    }

    /** Tells listeners that training changed rows of an embedding and marks them as trained. */
    public synchronized void markTrained(String embedding, boolean[] changedRows) {
        embeddingCommands.markTrained(embedding, changedRows);
    }

    /** The active embedding itself, for this package's writers (they run under the model's lock). */
    synchronized TokenEmbedding activeEmbedding() {
        return embeddings.active();
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
