package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import org.embeddingstudio.core.engine.Autocast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The masked-LM prediction head ({@code BertLMPredictionHead}): dense, GELU, LayerNorm, then a decoder whose weight
 * is the active word-embedding matrix (tied) and whose bias belongs to that embedding's vocabulary. Tying the
 * decoder to whichever embedding is active is what lets one head predict over any vocabulary.
 *
 * <p>Parameters keep the Hugging Face BERT names below {@code cls.predictions.}: {@code transform.dense.weight},
 * {@code transform.dense.bias}, {@code transform.LayerNorm.weight}, {@code transform.LayerNorm.bias}.
 */
public final class MaskedLmHead implements AutoCloseable {
    private final BertConfig config;
    private final Map<String, NDArray> parameters;

    private MaskedLmHead(BertConfig config, Map<String, NDArray> parameters) {
        this.config = config;
        this.parameters = parameters;
    }

    /** Shapes of the head's own parameters (the decoder weight and bias belong to the embedding). */
    public static Map<String, Shape> shapes(BertConfig config) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        BertWeights.linear(shapes, "transform.dense", config.hiddenSize(), config.hiddenSize());
        BertWeights.layerNorm(shapes, "transform.LayerNorm", config.hiddenSize());
        return shapes;
    }

    /** A freshly initialised head, as Hugging Face initialises one. */
    public static MaskedLmHead random(BertConfig config, NDManager manager, long seed) {
        return new MaskedLmHead(config, BertWeights.initialise(shapes(config), config, manager, seed));
    }

    /** Wraps loaded parameters (names as in {@link #shapes}); shapes are checked. */
    public static MaskedLmHead of(BertConfig config, NDManager manager, Map<String, NDArray> loaded) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        shapes(config).forEach((name, shape) -> {
            NDArray value = loaded.get(name);
            if (value == null || !value.getShape().equals(shape)) {
                throw new IllegalArgumentException("masked-LM head parameter " + name + " is "
                        + (value == null ? "missing" : "of shape " + value.getShape() + ", expected " + shape));
            }
            value.attach(manager);
            parameters.put(name, value);
        });
        return new MaskedLmHead(config, parameters);
    }

    /**
     * Logits over the embedding's vocabulary.
     *
     * @param hidden   last hidden states, (B, T, H) or (N, H)
     * @param decoder  the active word embeddings, (V, H): the tied decoder weight
     * @param bias     the active embedding's output bias, (V)
     * @return (B, T, V) or (N, V)
     */
    public NDArray logits(NDArray hidden, NDArray decoder, NDArray bias) {
        NDArray transformed = Activation.gelu(Autocast.linear(hidden, parameters.get("transform.dense.weight"),
                parameters.get("transform.dense.bias")));
        NDArray normalised = LayerNorm.layerNorm(transformed, new Shape(config.hiddenSize()),
                parameters.get("transform.LayerNorm.weight"), parameters.get("transform.LayerNorm.bias"),
                config.layerNormEps()).singletonOrThrow();
        return Autocast.linear(normalised, decoder, bias);
    }

    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
    }
}
