package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderForward;
import org.embeddingstudio.core.decoder.DecoderLayout;
import org.embeddingstudio.core.decoder.DecoderWeights;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingListener;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.engine.TensorMemory;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.SafetensorsStream;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A decoder-only causal language model (GPT-2, Llama, Mistral, Qwen2, Gemma) loaded from a Hugging Face folder:
 * its blocks, and its token embeddings as a pair — input rows and, when the head is not tied, output rows.
 */
public final class DecoderModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecoderModel.class);

    private final NDManager manager;
    private final DecoderConfig config;
    private final DecoderWeights weights;
    private final DecoderForward forward;
    private final String source;
    // Guarded by this model's lock.
    private final ModelEmbeddings embeddingCommands;
    private final EmbeddingRegistry embeddings;

    private DecoderModel(NDManager manager, DecoderConfig config, DecoderWeights weights, NDArray inputRows,
                         NDArray head, Tokenizer tokenizer, String source) {
        this.manager = manager;
        this.config = config;
        this.weights = weights;
        this.forward = new DecoderForward(weights);
        this.source = source;
        int rows = Math.toIntExact(inputRows.getShape().get(0));
        byte[] origins = new byte[rows];
        int tokens = tokenizer == null ? rows : Math.min(rows, tokenizer.vocabulary().size());
        Arrays.fill(origins, 0, tokens, RowOrigin.PRETRAINED.code());
        Arrays.fill(origins, tokens, rows, RowOrigin.PADDING.code());
        TokenEmbedding defaultEmbedding = new TokenEmbedding(manager.newSubManager(), inputRows,
                manager.zeros(new Shape(rows)), head, tokenizer,
                new EmbeddingOrigin(source, "", "", EmbeddingOrigin.EXACT, 0), origins);
        this.embeddingCommands = new ModelEmbeddings(manager, config.hiddenSize(), config.family().modelType(),
                head != null, source, source.hashCode(), defaultEmbedding);
        this.embeddings = embeddingCommands.registry;
    }

    /**
     * Loads {@code config.json}, the weights (safetensors, sharded or not, or PyTorch files) and the tokenizer if the
     * folder has one. Safetensors are read a tensor at a time, in chunks, half precision upcast to float32 on the
     * way: loading holds the float32 weights and one chunk, never the file as well.
     * A tied model's head is its input embedding (a {@code lm_head.weight} in the file is then ignored, as
     * transformers ties over it); an untied one must ship {@code lm_head.weight}.
     *
     * @throws FileFormatException naming the folder's file and what is wrong
     */
    public static DecoderModel load(Path folder, Device device) throws IOException {
        Path configFile = folder.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new FileFormatException(folder, "not a Hugging Face model folder: config.json is missing");
        }
        DecoderConfig config = DecoderConfig.read(configFile);
        Tokenizer tokenizer = ModelLoader.hasTokenizer(folder) ? TokenizerLoader.load(folder) : null;
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Parts parts = new Parts(config, folder);
            List<Path> safetensors = CheckpointReader.safetensorsFiles(folder);
            if (safetensors.isEmpty()) {
                for (Map.Entry<String, HostTensor> entry : CheckpointReader.read(folder).entrySet()) {
                    parts.place(entry.getKey(), () -> HostTensors.toNDArray(manager, entry.getValue()));
                }
            } else {
                for (Path file : safetensors) {
                    readStreamed(file, manager, parts);
                }
            }
            return parts.assemble(tokenizer, manager);
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new FileFormatException(folder, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Each tensor read in chunks straight into its float32 array: the file never sits in memory as a whole. */
    private static void readStreamed(Path file, NDManager manager, Parts parts) throws IOException {
        try (SafetensorsStream stream = SafetensorsStream.open(file)) {
            for (SafetensorsStream.Tensor tensor : stream.tensors()) {
                parts.place(tensor.name(), () -> TensorMemory.written(manager, new Shape(tensor.shape()), out -> {
                    try {
                        stream.readAsFloats(tensor, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The checkpoint's tensors sorted into the decoder's parts as they are read. */
    private static final class Parts {
        private final DecoderConfig config;
        private final Path folder;
        private final Map<String, long[]> expected;
        private final String inputName;
        private final Map<String, NDArray> blocks = new HashMap<>();
        private NDArray input;
        private NDArray head;

        Parts(DecoderConfig config, Path folder) {
            this.config = config;
            this.folder = folder;
            this.expected = DecoderLayout.blockParameters(config);
            this.inputName = DecoderLayout.inputEmbeddings(config);
        }

        /** Reads the tensor (only if the model uses it) and keeps it where it belongs. */
        void place(String key, Supplier<NDArray> read) {
            Optional<String> name = DecoderLayout.parameterName(config, key);
            if (name.isEmpty()) {
                return;
            }
            if (name.get().equals(inputName)) {
                input = read.get();
            } else if (name.get().equals(DecoderLayout.LM_HEAD)) {
                if (config.tieWordEmbeddings()) {
                    LOG.debug("{}: tied model: lm_head.weight in the file is not used", folder);
                } else {
                    head = read.get();
                }
            } else if (expected.containsKey(name.get())) {
                blocks.put(name.get(), read.get());
            } else {
                LOG.debug("{}: not used: {}", folder, key);
            }
        }

        DecoderModel assemble(Tokenizer tokenizer, NDManager manager) {
            if (input == null) {
                throw new IllegalArgumentException("the checkpoint has no "
                        + config.family().parameterPrefix() + inputName);
            }
            if (!Arrays.equals(input.getShape().getShape(), new long[] {config.vocabSize(), config.hiddenSize()})) {
                throw new IllegalArgumentException(inputName + " has shape " + input.getShape()
                        + " but the config says " + config.vocabSize() + " rows of " + config.hiddenSize());
            }
            if (!config.tieWordEmbeddings()) {
                if (head == null) {
                    throw new IllegalArgumentException("the config says the head is not tied to the input embeddings"
                            + " (tie_word_embeddings false), but the checkpoint has no lm_head.weight");
                }
                if (!head.getShape().equals(input.getShape())) {
                    throw new IllegalArgumentException("lm_head.weight has shape " + head.getShape()
                            + " but the input embeddings " + input.getShape());
                }
            }
            if (tokenizer != null && tokenizer.vocabulary().modelSize() > config.vocabSize()) {
                throw new IllegalArgumentException("its tokenizer has " + tokenizer.vocabulary().modelSize()
                        + " tokens but the embeddings only " + config.vocabSize() + " rows");
            }
            DecoderWeights weights = new DecoderWeights(config, blocks);
            return new DecoderModel(manager, config, weights, input, config.tieWordEmbeddings() ? null : head,
                    tokenizer, folder.toString());
        }
    }

    /** The model's config; {@code vocab_size} is the active embedding's. */
    public synchronized DecoderConfig config() {
        return config.withVocabSize(embeddings.active().rows());
    }

    /** Whether the output rows are the input rows (one matrix) rather than a head of their own. */
    public boolean tied() {
        return config.tieWordEmbeddings();
    }

    /** The tokenizer of the active embedding, if it has one. */
    public synchronized Optional<Tokenizer> tokenizer() {
        return embeddings.active().tokenizer();
    }

    /** The tokenizer of an embedding, if it has one. */
    public synchronized Optional<Tokenizer> tokenizerOf(String name) {
        return embeddings.get(name).tokenizer();
    }

    /** Where the model was loaded from. */
    public String source() {
        return source;
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

    /** Embedding names in the order they were added, "default" first. */
    public synchronized List<String> embeddingNames() {
        return List.copyOf(embeddings.names());
    }

    /** The name of the active embedding. */
    public synchronized String activeEmbeddings() {
        return embeddings.activeName();
    }

    /**
     * Adds an embedding pair for {@code tokenizer}'s vocabulary and makes it active, as {@code adapters}'
     * {@code add_embeddings} does: rows of tokens both vocabularies have copied from {@code referenceEmbedding}
     * (input rows from its input rows and, for an untied head, output rows from its output rows), the others drawn
     * from N(0, 0.02) or computed by the options' strategy, each side from its own side.
     */
    public synchronized EmbeddingInitializer.Created addEmbeddings(String name, Tokenizer tokenizer,
                                                                   String referenceEmbedding,
                                                                   Tokenizer referenceTokenizer,
                                                                   EmbeddingOptions options) {
        return embeddingCommands.add(name, tokenizer, referenceEmbedding, referenceTokenizer, options);
    }

    /** Makes {@code name} active: inputs, logits, generation and the vocabulary size all follow, on both sides. */
    public synchronized void setActiveEmbeddings(String name) {
        embeddings.activate(name);
    }

    /** Deletes an embedding ("default" never); deleting the active one makes "default" active. */
    public synchronized void deleteEmbeddings(String name) {
        embeddings.delete(name);
    }

    /** A snapshot of one embedding without its arrays (tokenizer, rows, per-row origins). */
    public synchronized EmbeddingSnapshot embedding(String name) {
        return embeddings.snapshot(name);
    }

    public void addEmbeddingListener(EmbeddingListener listener) {
        embeddings.addListener(listener);
    }

    /**
     * Saves an embedding as {@code adapters} does ({@code embedding.pt}, the tokenizer in {@code tokenizer/}), and
     * an untied pair's output rows in {@link EmbeddingFiles#OUTPUT_ROWS_FILE}, which adapters ignores.
     */
    public synchronized void saveEmbeddings(Path folder, String name, Tokenizer tokenizer) throws IOException {
        saveEmbeddings(folder, name, tokenizer, EmbeddingFormat.PT);
    }

    /** {@link #saveEmbeddings(Path, String, Tokenizer)} with the input rows in the given format(s). */
    public synchronized void saveEmbeddings(Path folder, String name, Tokenizer tokenizer, EmbeddingFormat format)
            throws IOException {
        embeddingCommands.save(folder, name, tokenizer, format);
    }

    /**
     * Loads an embedding folder (ours, or {@code adapters}' {@code save_embeddings}) under {@code name} and makes it
     * active. On an untied model a folder without output rows gets them made, and a warning event says how.
     *
     * @return the tokenizer saved with it, if any
     */
    public synchronized Optional<Tokenizer> loadEmbeddings(Path folder, String name) throws IOException {
        return embeddingCommands.load(folder, name);
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
        return forward.forward(inputRows(), inputIds, attentionMask, cache);
    }

    /** Next-token logits for every position, (B, T, V), in the caller's scope. */
    public NDArray logits(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return forward.logits(hiddenStates(inputIds, attentionMask, cache), outputRows());
    }

    @Override
    public void close() {
        embeddingCommands.close();
        manager.close();
    }
}
