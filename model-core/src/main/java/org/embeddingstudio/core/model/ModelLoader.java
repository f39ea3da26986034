package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.ModelConfigFile;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.BertWeights;
import org.embeddingstudio.core.transformer.MaskedLmHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Loads a BERT, RoBERTa or XLM-RoBERTa model from a Hugging Face folder. */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private static final String[] TOKENIZER_FILES = {"tokenizer.json", "vocab.txt", "vocab.json"};

    private ModelLoader() {
    }

    /**
     * Loads {@code config.json} and the weights; the model's own word embeddings become the "default" embedding
     * with the folder's tokenizer (if it has one). A missing masked-LM head is created fresh when first needed,
     * and {@link AdapterModel#maskedLmHeadIsFresh()} says so; a missing pooler is initialised as Hugging Face does.
     */
    public static AdapterModel load(Path folder, Device device) throws IOException {
        Path configFile = folder.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new FileFormatException(folder, "not a Hugging Face model folder: config.json is missing");
        }
        if (ModelConfigFile.read(configFile, DecoderConfig::isDecoder)) {
            throw new FileFormatException(configFile, "describes a decoder (causal LM), not a BERT-family "
                    + "encoder: open it with DecoderModel.load, or NamedEmbeddingsModel.load for either kind");
        }
        BertConfig config = BertConfig.read(configFile);
        Map<String, HostTensor> checkpoint = CheckpointReader.read(folder);
        Tokenizer tokenizer = hasTokenizer(folder) ? TokenizerLoader.load(folder) : null;
        return fromParameters(folder, config, checkpoint, tokenizer, device);
    }

    /**
     * Builds a model from parameters already in memory, named as in a Hugging Face checkpoint (with or without the
     * architecture prefix), for sources other than a model folder, such as an ONNX export. The word embeddings
     * become the "default" embedding with {@code tokenizer}; a missing pooler or masked-LM head is handled as by
     * {@link #load(Path, Device)}.
     *
     * @param source    where the parameters came from, named in messages and in {@link AdapterModel#source()}
     * @param tokenizer the tokenizer of the word embeddings, or {@code null}
     * @throws FileFormatException naming {@code source} when a parameter is missing or has the wrong shape
     */
    public static AdapterModel fromParameters(Path source, BertConfig config, Map<String, HostTensor> parameters,
                                              Tokenizer tokenizer, Device device) throws FileFormatException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return assemble(source, config, parameters, tokenizer, manager);
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new FileFormatException(source, e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static AdapterModel assemble(Path source, BertConfig config, Map<String, HostTensor> checkpoint,
                                         Tokenizer tokenizer, NDManager manager) {
        Map<String, NDArray> base = new HashMap<>();
        Map<String, NDArray> head = new HashMap<>();
        NDArray words = null;
        NDArray bias = null;
        for (Map.Entry<String, HostTensor> entry : checkpoint.entrySet()) {
            CheckpointLayout.Destination destination = CheckpointLayout.locate(entry.getKey(), config.architecture());
            switch (destination.part()) {
                case BASE -> base.put(destination.name(), HostTensors.toNDArray(manager, entry.getValue()));
                case WORD_EMBEDDINGS -> words = HostTensors.toNDArray(manager, entry.getValue());
                case MLM_HEAD -> head.put(destination.name(), HostTensors.toNDArray(manager, entry.getValue()));
                case MLM_BIAS -> bias = HostTensors.toNDArray(manager, entry.getValue());
                case TIED_DECODER, OTHER -> LOG.debug("{}: not used: {}", source, entry.getKey());
            }
        }
        if (words == null) {
            throw new IllegalArgumentException("the checkpoint has no embeddings.word_embeddings.weight");
        }
        int rows = Math.toIntExact(words.getShape().get(0));
        // Added tokens may lie past the rows (transformers loads such a pair too; using one fails in the model), but
        // a model token without a row means the tokenizer is not this model's.
        if (tokenizer != null && tokenizer.vocabulary().modelSize() > rows) {
            throw new IllegalArgumentException("its tokenizer has " + tokenizer.vocabulary().size()
                    + " tokens but the word embeddings only " + rows + " rows");
        }
        if (tokenizer != null && tokenizer.vocabulary().size() > rows) {
            LOG.warn("{}: the tokenizer's added tokens with ids {}..{} have no row in the word embeddings ({} rows)",
                    source, rows, tokenizer.vocabulary().size() - 1, rows);
        }
        // Fresh parts (pooler, masked-LM head) are drawn from a seed of the source, so a model loads the same each
        // time; a source that is no file (a classpath resource) is taken as named, not relative to the working dir.
        long seed = (Files.exists(source) ? source.toAbsolutePath() : source).toString().hashCode();
        BertConfig sized = config.withVocabSize(rows);
        BertWeights weights = BertWeights.of(sized, manager, base, seed);
        MaskedLmHead maskedLmHead = head.isEmpty() ? null : MaskedLmHead.of(sized, manager, head);
        if (bias == null || !bias.getShape().equals(new Shape(rows))) {
            bias = manager.zeros(new Shape(rows), DataType.FLOAT32);
        }
        byte[] origins = new byte[rows];
        Arrays.fill(origins, RowOrigin.PRETRAINED.code());
        TokenEmbedding defaultEmbedding = new TokenEmbedding(manager.newSubManager(), words, bias, tokenizer,
                new EmbeddingOrigin(source.toString(), "", "", EmbeddingOrigin.EXACT, 0), origins);
        return new AdapterModel(manager, sized, weights, defaultEmbedding, maskedLmHead, source.toString(), seed);
    }

    static boolean hasTokenizer(Path folder) {
        return Stream.of(TOKENIZER_FILES).anyMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }
}
