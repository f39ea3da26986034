package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderLayout;
import org.embeddingstudio.core.decoder.DecoderWeights;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * A freshly initialised decoder, as transformers' {@code _init_weights} makes one: matrices from N(0, 0.02), biases
 * zero, norm weights one (Gemma's, stored as w in (1 + w), zero) — for tests and demonstrations that need a decoder
 * without downloading one.
 */
final class RandomDecoder {
    private RandomDecoder() {
    }

    static DecoderModel create(DecoderConfig config, Tokenizer tokenizer, Device device, long seed) {
        return create(config, tokenizer, device, seed, tokenizer.vocabulary().size());
    }

    /** With {@code matrixRows} ≥ the tokenizer's tokens: those past them are padding, as Qwen2.5's matrix has. */
    static DecoderModel create(DecoderConfig config, Tokenizer tokenizer, Device device, long seed, int matrixRows) {
        DecoderConfig sized = config.withVocabSize(matrixRows);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> blocks = new HashMap<>();
            for (Map.Entry<String, long[]> parameter : DecoderLayout.blockParameters(sized).entrySet()) {
                blocks.put(parameter.getKey(), initial(manager, sized, parameter.getKey(),
                        new Shape(parameter.getValue()), seed));
            }
            Shape rows = new Shape(sized.vocabSize(), sized.hiddenSize());
            NDArray input = GaussianFill.tensor(manager, rows, GaussianFill.derive(seed, "input"), 0, 0.02f);
            NDArray head = sized.tieWordEmbeddings() ? null
                    : GaussianFill.tensor(manager, rows, GaussianFill.derive(seed, "lm_head"), 0, 0.02f);
            return DecoderModel.assembled(manager, sized, new DecoderWeights(sized, blocks), input, head, tokenizer,
                    "random");
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static NDArray initial(NDManager manager, DecoderConfig config, String name, Shape shape, long seed) {
        if (shape.dimension() > 1) {
            return GaussianFill.tensor(manager, shape, GaussianFill.derive(seed, name), 0, 0.02f);
        }
        boolean normWeight = name.endsWith("norm.weight") || name.matches("(.*\\.)?ln_(\\d|f)\\.weight");
        return normWeight && !config.family().isGemma() ? manager.ones(shape, DataType.FLOAT32)
                : manager.zeros(shape, DataType.FLOAT32);
    }
}
