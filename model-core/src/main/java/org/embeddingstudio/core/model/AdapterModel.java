package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingListener;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.BertEncoder;
import org.embeddingstudio.core.transformer.BertWeights;
import org.embeddingstudio.core.transformer.MaskedLmHead;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    private final EmbeddingRegistry embeddings;
    private final String source;
    private final AdapterRegistry adapters = new AdapterRegistry();
    private final HeadRegistry heads;
    private final long seed;
    private TrainingSetup trainingSetup;

    AdapterModel(NDManager manager, BertConfig config, BertWeights weights, TokenEmbedding defaultEmbedding,
                 MaskedLmHead maskedLmHead, String source, long seed) {
        this.manager = manager;
        this.config = config;
        this.weights = weights;
        this.encoder = new BertEncoder(weights);
        this.embeddings = new EmbeddingRegistry(defaultEmbedding);
        this.heads = new HeadRegistry(maskedLmHead, () -> MaskedLmHead.random(config, manager, seed));
        this.source = source;
        this.seed = seed;
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

    private final ModelParts parts = new ModelParts() {
        @Override
        public TokenEmbedding embedding(String name) {
            return embeddings.get(name);
        }

        @Override
        public BottleneckAdapter adapter(String name) {
            return adapters.get(name);
        }

        @Override
        public Optional<ClassificationHead> classificationHead(String name) {
            return heads.classification(name);
        }

        @Override
        public MaskedLmHead maskedLmHead() {
            return heads.maskedLm();
        }
    };

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
        embeddings.checkNewName(name);
        if ((referenceEmbedding == null) != (referenceTokenizer == null)) {
            throw new IllegalArgumentException("reference embedding and reference tokenizer are both required to "
                    + "initialise embeddings from a reference embedding");
        }
        int dimension = options.dimension().orElse(config.hiddenSize());
        if (dimension != config.hiddenSize()) {
            throw new IllegalArgumentException("this " + config.architecture().modelType() + " model has no embedding "
                    + "projection, so an embedding must have its hidden size " + config.hiddenSize() + ", not "
                    + dimension);
        }
        Optional<EmbeddingInitializer.Reference> reference = referenceEmbedding == null ? Optional.empty()
                : Optional.of(new EmbeddingInitializer.Reference(embeddings.get(referenceEmbedding),
                        referenceEmbedding, referenceTokenizer));
        EmbeddingInitializer.Created created = withSubManager(owned -> EmbeddingInitializer.create(owned, tokenizer,
                dimension, options.seed().orElse(newSeed()), reference, source, options));
        embeddings.add(name, created.embedding(), false);
        created.warnings().forEach(w -> embeddings.announce(new EmbeddingEvent.Warned(name, w)));
        embeddings.activate(name);
        return created;
    }

    /** What is made with a new sub-manager of the model's, which then owns it. */
    @FunctionalInterface
    private interface SubManagerWork<T, E extends Exception> {
        T apply(NDManager owned) throws E;
    }

    /**
     * Runs {@code work} with a new sub-manager of the model's manager. What it makes keeps the sub-manager; if it
     * fails, the sub-manager is closed, so nothing half-made stays attached to the model.
     */
    private <T, E extends Exception> T withSubManager(SubManagerWork<T, E> work) throws E {
        NDManager owned = manager.newSubManager();
        try {
            return work.apply(owned);
        } catch (Exception e) {
            owned.close();
            throw e;
        }
    }

    private long newSeed() {
        return EmbeddingOptions.defaults().withSeed(System.nanoTime() ^ seed).seed().getAsLong();
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
        boolean wasActive = embeddings.activeName().equals(name);
        return new DetachedEmbedding(name, embeddings.detach(name), wasActive);
    }

    /** Puts a detached embedding back under its name, active again if it was. */
    public synchronized void reattachEmbeddings(DetachedEmbedding detached) {
        embeddings.add(detached.name(), detached.embedding(), false);
        if (detached.wasActive()) {
            embeddings.activate(detached.name());
        }
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
        TokenEmbedding embedding = embeddings.get(name);
        EmbeddingFiles.save(folder, name, embedding, tokenizer, format);
        embeddings.announce(new EmbeddingEvent.Saved(name, folder));
    }

    /**
     * Loads an embedding folder (written here or by Python's {@code save_embeddings}) under {@code name} and makes
     * it active, as {@code adapters} does.
     *
     * @return the tokenizer saved with it, if any
     */
    public synchronized Optional<Tokenizer> loadEmbeddings(Path folder, String name) throws IOException {
        embeddings.checkNewName(name);
        EmbeddingFiles.Loaded loaded = withSubManager(owned -> EmbeddingFiles.load(folder, owned, config.hiddenSize()));
        embeddings.add(name, loaded.embedding(), true);
        loaded.warnings().forEach(w -> embeddings.announce(new EmbeddingEvent.Warned(name, w)));
        embeddings.activate(name);
        return loaded.tokenizer();
    }

    /**
     * Replaces an embedding ("default" included) with a saved folder's weights, output bias, tokenizer and row
     * provenance, keeping its name, place and whether it is active: how a workspace restores a trained "default",
     * which cannot be deleted and loaded again.
     *
     * @return the tokenizer saved with it, if any
     */
    public synchronized Optional<Tokenizer> restoreEmbeddings(Path folder, String name) throws IOException {
        embeddings.get(name);
        EmbeddingFiles.Loaded loaded = withSubManager(owned -> EmbeddingFiles.load(folder, owned, config.hiddenSize()));
        embeddings.replace(name, loaded.embedding());
        loaded.warnings().forEach(w -> embeddings.announce(new EmbeddingEvent.Warned(name, w)));
        return loaded.tokenizer();
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
        adapters.checkNewName(name);
        adapters.add(BottleneckAdapter.create(name, adapterConfig, config, manager,
                GaussianFill.derive(seed, "adapter:" + name)));
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
        HeadFiles.Head head = null;
        if (withHead) {
            TokenEmbedding active = embeddings.active();
            head = heads.activeClassification().<HeadFiles.Head>map(HeadFiles.Classification::new)
                    .orElseGet(() -> new HeadFiles.MaskedLm(HeadRegistry.MASKED_LM, maskedLmHead().parameters(),
                            active.weight(), active.outputBias()));
        }
        AdapterFiles.save(folder, adapters.get(name), head, config, source);
    }

    /**
     * Loads an adapter folder (written here or by {@code adapters}) and its head, if it has one, which becomes the
     * active head. The adapter is not activated.
     *
     * @param name the name to register it under, or null for the name it was saved with
     * @return the name it was registered under
     */
    public synchronized String loadAdapter(Path folder, String name) throws IOException {
        return withSubManager(owned -> {
            AdapterFiles.Loaded loaded = AdapterFiles.load(folder, name, config, owned);
            adapters.checkNewName(loaded.adapter().name());
            if (loaded.head().orElse(null) instanceof HeadFiles.Classification c
                    && heads.names().contains(c.name())) {
                throw new IllegalArgumentException("a head named '" + c.name() + "' already exists");
            }
            adapters.add(loaded.adapter());
            switch (loaded.head().orElse(null)) {
                case HeadFiles.Classification c -> addClassificationHead(c.head());
                case HeadFiles.MaskedLm mlm -> installMaskedLmHead(mlm);
                case null -> { }
            }
            return loaded.adapter().name();
        });
    }

    /**
     * A loaded masked-LM head replaces the current one; its output bias goes to the active embedding when it was
     * saved over a vocabulary of the same size (it belongs to a vocabulary, not to the head).
     */
    private void installMaskedLmHead(HeadFiles.MaskedLm loaded) {
        heads.replaceMaskedLm(MaskedLmHead.of(config, manager, loaded.transform()));
        TokenEmbedding active = embeddings.active();
        if (loaded.bias() != null && loaded.bias().getShape().equals(active.outputBias().getShape())) {
            active.outputBias().set(loaded.bias().toByteBuffer());
        }
        heads.activate(HeadRegistry.MASKED_LM);
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
        if (trainingSetup != null && trainingSetup.adapter().equals(name)) {
            trainingSetup = null;
        }
        return adapters.detach(name);
    }

    /** Puts a detached adapter back, active again if {@code active}. */
    public synchronized void reattachAdapter(BottleneckAdapter adapter, boolean active) {
        adapters.add(adapter);
        if (active) {
            adapters.activate(adapter.name());
        }
    }

    public synchronized void deleteAdapter(String name) {
        if (trainingSetup != null && trainingSetup.adapter().equals(name)) {
            trainingSetup = null;
        }
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
        heads.addClassification(ClassificationHead.create(name, labels, config.hiddenSize(),
                config.hiddenDropoutProb(), config.initializerRange(), manager, GaussianFill.derive(seed, "head:" + name)));
        heads.activate(name);
    }

    /** Registers a head read from files and makes it active. */
    public synchronized void addClassificationHead(ClassificationHead head) {
        heads.addClassification(head);
        heads.activate(head.name());
    }

    /**
     * Saves one head ({@code name}, or {@link HeadRegistry#MASKED_LM}) in {@code adapters}' head layout
     * ({@code head_config.json}, {@code pytorch_model_head.bin}); the masked-LM head with the active embedding as
     * its tied decoder and that embedding's output bias, as {@link #saveAdapter} writes it.
     */
    public synchronized void saveHead(Path folder, String name) throws IOException {
        HeadFiles.Head head;
        if (HeadRegistry.MASKED_LM.equals(name)) {
            TokenEmbedding active = embeddings.active();
            head = new HeadFiles.MaskedLm(HeadRegistry.MASKED_LM, maskedLmHead().parameters(), active.weight(),
                    active.outputBias());
        } else {
            head = new HeadFiles.Classification(heads.classification(name).orElseThrow(() ->
                    new IllegalArgumentException("no head named '" + name + "'; heads: " + heads.names())));
        }
        AdapterFiles.saveHead(folder, head, config, source);
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
        // A save killed mid-way is finished or undone first, as for embeddings and adapters: never a mix of two.
        org.embeddingstudio.core.io.FolderSave.recoverBeforeReading(folder);
        return withSubManager(owned -> {
            HeadFiles.Head head = HeadFiles.load(folder, config, owned).orElseThrow(() ->
                    new org.embeddingstudio.core.io.FileFormatException(folder.resolve(AdapterFiles.HEAD_CONFIG),
                            "is missing: the folder holds no head"));
            switch (head) {
                case HeadFiles.Classification c -> heads.addClassification(c.head());
                case HeadFiles.MaskedLm mlm -> heads.replaceMaskedLm(MaskedLmHead.of(config, manager, mlm.transform()),
                        freshMaskedLm);
            }
            return head.name();
        });
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
        adapters.get(name);
        adapters.activate(name);
        trainingSetup = new TrainingSetup(name, trainEmbeddings, embeddings.activeName(), heads.activeName());
        return trainingSetup;
    }

    /** The current training setup, if {@link #trainAdapter} was called. */
    public synchronized Optional<TrainingSetup> trainingSetup() {
        return Optional.ofNullable(trainingSetup);
    }

    /**
     * The parameters that train under the current setup, by a name unique in the model. The arrays are the
     * model's own: an optimizer updates them in place.
     */
    public synchronized Map<String, NDArray> trainableParameters() {
        TrainingSetup setup = trainingSetup().orElseThrow(() ->
                new IllegalStateException("call trainAdapter(name, trainEmbeddings) first"));
        if (!setup.embedding().equals(embeddings.activeName()) || !setup.head().equals(heads.activeName())) {
            throw new IllegalStateException("the active embedding or head changed since trainAdapter; call it again");
        }
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        adapters.get(setup.adapter()).parameters().forEach(trainable::put);
        TokenEmbedding active = embeddings.active();
        Optional<ClassificationHead> classification = heads.activeClassification();
        if (classification.isPresent()) {
            classification.get().parameters().forEach(trainable::put);
        } else {
            maskedLmHead().parameters().forEach((name, value) -> trainable.put("heads.masked_lm." + name, value));
            trainable.put("embeddings." + setup.embedding() + ".output_bias", active.outputBias());
        }
        if (setup.trainEmbeddings()) {
            trainable.put("embeddings." + setup.embedding() + ".weight", active.weight());
        }
        return trainable;
    }

    /** The training forward pass (dropout on) under the active adapter: last hidden states, (B, T, H). */
    public synchronized NDArray trainingHiddenStates(TokenBatch batch) {
        return encoder.forward(embeddings.active().weight(), batch, adapters.hook(), true);
    }

    /** Tells listeners that training changed rows of an embedding and marks them as trained. */
    public synchronized void markTrained(String embedding, boolean[] changedRows) {
        TokenEmbedding trained = embeddings.get(embedding);
        int changed = trained.markTrained(changedRows);
        embeddings.announce(new EmbeddingEvent.Trained(embedding, changed));
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
        embeddings.close();
        adapters.close();
        heads.close();
        manager.close();
    }
}
