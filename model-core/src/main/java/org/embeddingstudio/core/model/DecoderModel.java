package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderForward;
import org.embeddingstudio.core.decoder.DecoderLayout;
import org.embeddingstudio.core.decoder.DecoderWeights;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A decoder-only causal language model (GPT-2, Llama, Mistral, Qwen2, Gemma) loaded from a Hugging Face folder:
 * its blocks, and its token embeddings as a pair — input rows and, when the head is not tied, output rows.
 */
public final class DecoderModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecoderModel.class);

    private final NDManager manager;
    private final DecoderConfig config;
    private final DecoderForward forward;
    private final NDArray inputRows;
    private final NDArray outputRows;
    private final Tokenizer tokenizer;
    private final String source;

    private DecoderModel(NDManager manager, DecoderConfig config, DecoderWeights weights, NDArray inputRows,
                         NDArray outputRows, Tokenizer tokenizer, String source) {
        this.manager = manager;
        this.config = config;
        this.forward = new DecoderForward(weights);
        this.inputRows = inputRows;
        this.outputRows = outputRows;
        this.tokenizer = tokenizer;
        this.source = source;
    }

    /**
     * Loads {@code config.json}, the weights (safetensors, sharded or not, or PyTorch files) and the tokenizer if the
     * folder has one. Half-precision weights become float32, one tensor at a time, straight from the mapped file.
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
        Map<String, HostTensor> checkpoint = CheckpointReader.map(folder);
        Tokenizer tokenizer = ModelLoader.hasTokenizer(folder) ? TokenizerLoader.load(folder) : null;
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return assemble(folder, config, checkpoint, tokenizer, manager);
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new FileFormatException(folder, e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static DecoderModel assemble(Path folder, DecoderConfig config, Map<String, HostTensor> checkpoint,
                                         Tokenizer tokenizer, NDManager manager) {
        Map<String, long[]> expected = DecoderLayout.blockParameters(config);
        String inputName = DecoderLayout.inputEmbeddings(config);
        Map<String, NDArray> blocks = new HashMap<>();
        NDArray input = null;
        NDArray head = null;
        // Converted and dropped one by one, so a mapped file's pages and the float32 copy never both hold it all.
        for (Iterator<Map.Entry<String, HostTensor>> it = checkpoint.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, HostTensor> entry = it.next();
            it.remove();
            Optional<String> name = DecoderLayout.parameterName(config, entry.getKey());
            if (name.isEmpty()) {
                continue;
            }
            if (name.get().equals(inputName)) {
                input = HostTensors.toNDArray(manager, entry.getValue());
            } else if (name.get().equals(DecoderLayout.LM_HEAD)) {
                if (config.tieWordEmbeddings()) {
                    LOG.debug("{}: tied model: lm_head.weight in the file is not used", folder);
                } else {
                    head = HostTensors.toNDArray(manager, entry.getValue());
                }
            } else if (expected.containsKey(name.get())) {
                blocks.put(name.get(), HostTensors.toNDArray(manager, entry.getValue()));
            } else {
                LOG.debug("{}: not used: {}", folder, entry.getKey());
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("the checkpoint has no "
                    + config.family().parameterPrefix() + inputName);
        }
        long[] inputShape = input.getShape().getShape();
        if (!Arrays.equals(inputShape, new long[] {config.vocabSize(), config.hiddenSize()})) {
            throw new IllegalArgumentException(inputName + " has shape " + input.getShape() + " but the config says "
                    + config.vocabSize() + " rows of " + config.hiddenSize());
        }
        if (!config.tieWordEmbeddings()) {
            if (head == null) {
                throw new IllegalArgumentException("the config says the head is not tied to the input embeddings "
                        + "(tie_word_embeddings false), but the checkpoint has no lm_head.weight");
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
        return new DecoderModel(manager, config, weights, input, head == null ? input : head, tokenizer,
                folder.toString());
    }

    public DecoderConfig config() {
        return config;
    }

    /** Whether the output rows are the input rows (one matrix) rather than a head of their own. */
    public boolean tied() {
        return outputRows == inputRows;
    }

    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** Where the model was loaded from. */
    public String source() {
        return source;
    }

    /** The input embedding rows, (V, H). */
    public NDArray inputRows() {
        return inputRows;
    }

    /** The output embedding rows, (V, H); the same array as {@link #inputRows()} when tied. */
    public NDArray outputRows() {
        return outputRows;
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
        return forward.forward(inputRows, inputIds, attentionMask, cache);
    }

    /** Next-token logits for every position, (B, T, V), in the caller's scope. */
    public NDArray logits(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return DecoderForward.logits(hiddenStates(inputIds, attentionMask, cache), outputRows);
    }

    @Override
    public void close() {
        manager.close();
    }
}
