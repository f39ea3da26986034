package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingListener;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.ModelConfigFile;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The named-embedding half of a model's API, as {@code adapters}' {@code EmbeddingAdaptersMixin} is one part of a
 * Python model: the model's identity (source, device) and its named token embeddings — for a BERT-family
 * {@link AdapterModel} and for a {@link DecoderModel}, whose embeddings are pairs of input and output rows.
 *
 * <p>It is also the adapter half both kinds share ({@code adapters}' {@code ModelAdaptersMixin}: add, activate,
 * delete, save and load bottleneck adapters), so that a workbench holds either kind of model as this type and asks
 * the subclass only for what one kind has (prediction heads, generation). There is one lock: the synchronized
 * methods here hold the monitor of the model instance, the same one its own methods and callers'
 * {@code synchronized (model)} blocks hold.
 */
public abstract sealed class NamedEmbeddingsModel implements AdaptableModel permits AdapterModel, DecoderModel {
    final NDManager manager;
    private final String source;
    private final String modelType;
    private final int numLayers;
    private final int hiddenSize;
    // Guarded by the model's lock, like the subclasses' collaborators.
    final ModelEmbeddings embeddingCommands;
    final EmbeddingRegistry embeddings;

    /**
     * @param untied whether the model's head is a matrix of its own, so every embedding is an input/output pair
     */
    NamedEmbeddingsModel(NDManager manager, String modelType, int numLayers, int hiddenSize, boolean untied,
                         TokenEmbedding defaultEmbedding, String source, long seed) {
        this.manager = manager;
        this.modelType = modelType;
        this.numLayers = numLayers;
        this.hiddenSize = hiddenSize;
        this.source = source;
        this.embeddingCommands = new ModelEmbeddings(manager, hiddenSize, modelType, untied, source, seed,
                defaultEmbedding);
        this.embeddings = embeddingCommands.registry;
    }

    /** Where the model came from (a folder, or "random"). */
    public String source() {
        return source;
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

    /** A snapshot of every embedding, taken under the model's lock (safe while other threads change the model). */
    public synchronized List<EmbeddingInfo> embeddingInfos() {
        return embeddings.infos();
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

    /**
     * Adds an exact copy of {@code source} — every row of both sides, padding rows included, and its tokenizer —
     * under {@code name}, and makes it active: what a run trains instead of a reference it should leave alone.
     */
    public synchronized EmbeddingInitializer.Created copyEmbeddings(String source, String name) {
        return embeddingCommands.copy(source, name);
    }

    /** The name of the active embedding. */
    public synchronized String activeEmbeddings() {
        return embeddings.activeName();
    }

    /** Makes {@code name} active: the forward pass, the tied decoder, its bias and the vocabulary size follow. */
    public synchronized void setActiveEmbeddings(String name) {
        embeddings.activate(name);
    }

    /**
     * Runs {@code work} with {@code name} active — the forward pass, the logits and the vocabulary follow it — and
     * then the active embedding again, without telling listeners: how an encoder's Try It looks through another
     * embedding without it counting as a switch (nothing in the Event Log, no tree refresh). Holds the model's lock
     * throughout; a decoder's long reads take a {@link DecoderModel#snapshot} instead.
     */
    public synchronized <T> T whileActive(String name, Supplier<T> work) {
        return embeddings.whileActive(name, work);
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

    /** Tells listeners that training changed rows of an embedding and marks them as trained. */
    public synchronized void markTrained(String embedding, boolean[] changedRows) {
        embeddingCommands.markTrained(embedding, changedRows);
    }

    /**
     * Opens a Hugging Face model folder as the kind its {@code config.json} describes: a decoder (causal LM) as a
     * {@link DecoderModel}, a BERT-family encoder as an {@link AdapterModel}.
     *
     * @throws FileFormatException naming the folder's file and what is wrong
     */
    public static NamedEmbeddingsModel load(Path folder, Device device) throws IOException {
        Path configFile = folder.resolve("config.json");
        if (Files.isRegularFile(configFile) && ModelConfigFile.read(configFile, DecoderConfig::isDecoder)) {
            return DecoderModel.load(folder, device);
        }
        return ModelLoader.load(folder, device);
    }

    /** The config's {@code model_type}: "bert", "xlm-roberta", "llama", "gpt2", … */
    public String modelType() {
        return modelType;
    }

    /** Layers (encoder or decoder blocks). */
    public int numLayers() {
        return numLayers;
    }

    /** The width of the hidden states and of every embedding row. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** What the model is, for a log line: e.g. "bert, 6 layers, hidden 384". */
    public String summary() {
        return modelType() + ", " + numLayers() + " layers, hidden " + hiddenSize();
    }

    /**
     * Runs {@code reader} on one embedding with its arrays under the model's lock. Nothing it is given may escape
     * the call (another thread may delete, replace or train the embedding right after): copy out what is needed.
     *
     * @throws IllegalArgumentException when there is no embedding named {@code name}
     */
    public synchronized <T, E extends Exception> T readEmbedding(String name, EmbeddingReader<T, E> reader) throws E {
        return reader.read(embeddings.get(name));
    }

    /** What {@link #readEmbedding} runs; may throw {@code E}. */
    @FunctionalInterface
    public interface EmbeddingReader<T, E extends Exception> {
        T read(TokenEmbedding embedding) throws E;
    }

    // ---- adapters ----

    /** The adapters of the model; guarded by the model's lock. */
    abstract AdapterRegistry adapterRegistry();

    /** Adapter names and the active one, taken under the model's lock. */
    public synchronized AdapterInfos adapterInfos() {
        AdapterRegistry adapters = adapterRegistry();
        return new AdapterInfos(List.copyOf(adapters.names()),
                adapters.active().map(BottleneckAdapter::name).orElse(""));
    }

    /** Adapter names and which is active ("" for none). */
    public record AdapterInfos(List<String> names, String active) {
    }

    /** Makes {@code name} the adapter of the forward pass; null for none. */
    public synchronized void setActiveAdapter(String name) {
        adapterRegistry().activate(name);
    }

    /** Adapter names in the order they were added: a snapshot. */
    public synchronized List<String> adapterNames() {
        return List.copyOf(adapterRegistry().names());
    }

    /** The name of the active adapter, if one is. */
    public synchronized Optional<String> activeAdapter() {
        return adapterRegistry().active().map(BottleneckAdapter::name);
    }

    /** @throws IllegalArgumentException when there is no adapter named {@code name} */
    public synchronized BottleneckConfig adapterConfig(String name) {
        return adapterRegistry().get(name).config();
    }

    /** Told of every adapter added, deleted or activated, on the thread that changed the model. */
    public void addAdapterListener(Consumer<AdapterRegistry.AdapterEvent> listener) {
        adapterRegistry().addListener(listener);
    }

    public abstract void deleteAdapter(String name);

    /**
     * Saves an adapter as {@code adapters}' {@code save_adapter(folder, name)} does, with the active prediction
     * head where the model has one apart from its embeddings (a BERT model's classification or masked-LM head; a
     * causal LM's head is its embedding pair's output side, saved with the embedding).
     */
    public abstract void saveAdapter(Path folder, String name) throws IOException;

    /** Removes an adapter without freeing it (for undo); {@link #reattachAdapter} puts it back. */
    public abstract BottleneckAdapter detachAdapter(String name);

    /** Puts a detached adapter back, active again if {@code active}. */
    public abstract void reattachAdapter(BottleneckAdapter adapter, boolean active);

    /**
     * Sets up training as {@code adapters}' {@code train_adapter(name, train_embeddings)}: the adapter (now active)
     * trains, and with {@code trainEmbeddings} the active embedding; see the subclasses for what else trains.
     */
    public abstract TrainingSetup trainAdapter(String name, boolean trainEmbeddings);

    /** Writes the model with its active embedding as a Hugging Face folder, an active adapter beside it. */
    public abstract void exportHuggingFace(Path folder) throws IOException;

    /** The active embedding itself, for this package's writers (they run under the model's lock). */
    synchronized TokenEmbedding activeEmbedding() {
        return embeddings.active();
    }
}
