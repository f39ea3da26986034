package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderLayout;
import org.embeddingstudio.core.decoder.DecoderWeights;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a decoder's Hugging Face folder into a {@link DecoderModel}: the config, the weights and the tokenizer.
 */
final class DecoderCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(DecoderCheckpoint.class);

    private DecoderCheckpoint() {
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
    static DecoderModel load(Path folder, Device device) throws IOException {
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
            return DecoderModel.assembled(manager, config, weights, input, config.tieWordEmbeddings() ? null : head,
                    tokenizer, folder.toString());
        }
    }
}
