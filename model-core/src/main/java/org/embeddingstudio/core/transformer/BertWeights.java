package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.tensor.GaussianFill;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of the base model (embeddings other than the word embeddings, encoder layers, pooler), keyed by
 * their Hugging Face names without the architecture prefix ({@code encoder.layer.0.attention.self.query.weight}).
 * The word embeddings are not here: they are the model's named embeddings, of which one is active.
 */
public final class BertWeights implements AutoCloseable {
    /** Hugging Face name of the word embeddings matrix (without prefix). */
    public static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

    private final BertConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private BertWeights(BertConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = parameters;
    }

    /** Shapes of every base parameter a model of this config has, in Hugging Face order. */
    public static Map<String, Shape> shapes(BertConfig config) {
        int h = config.hiddenSize();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.position_embeddings.weight", new Shape(config.maxPositionEmbeddings(), h));
        shapes.put("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h));
        layerNorm(shapes, "embeddings.LayerNorm", h);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String layer = "encoder.layer." + i + ".";
            linear(shapes, layer + "attention.self.query", h, h);
            linear(shapes, layer + "attention.self.key", h, h);
            linear(shapes, layer + "attention.self.value", h, h);
            linear(shapes, layer + "attention.output.dense", h, h);
            layerNorm(shapes, layer + "attention.output.LayerNorm", h);
            linear(shapes, layer + "intermediate.dense", h, config.intermediateSize());
            linear(shapes, layer + "output.dense", config.intermediateSize(), h);
            layerNorm(shapes, layer + "output.LayerNorm", h);
        }
        linear(shapes, "pooler.dense", h, h);
        return shapes;
    }

    static void linear(Map<String, Shape> shapes, String name, int in, int out) {
        shapes.put(name + ".weight", new Shape(out, in));
        shapes.put(name + ".bias", new Shape(out));
    }

    static void layerNorm(Map<String, Shape> shapes, String name, int size) {
        shapes.put(name + ".weight", new Shape(size));
        shapes.put(name + ".bias", new Shape(size));
    }

    /**
     * A freshly initialised model as Hugging Face's {@code _init_weights} does it: matrices from
     * N(0, initializer_range), biases 0, LayerNorm 1 and 0, the padding row of padded embeddings 0.
     */
    public static BertWeights random(BertConfig config, NDManager manager, long seed) {
        return new BertWeights(config, manager, initialise(shapes(config), config, manager, seed));
    }

    static Map<String, NDArray> initialise(Map<String, Shape> shapes, BertConfig config, NDManager manager,
                                           long seed) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : shapes.entrySet()) {
            String name = entry.getKey();
            Shape shape = entry.getValue();
            NDArray value;
            if (name.endsWith("LayerNorm.weight") || name.endsWith("layer_norm.weight")) {
                value = manager.ones(shape);
            } else if (shape.dimension() == 1) {
                value = manager.zeros(shape);
            } else {
                value = GaussianFill.tensor(manager, shape, GaussianFill.derive(seed, name), 0f,
                        config.initializerRange());
                int pad = config.padTokenId();
                if (name.equals("embeddings.position_embeddings.weight")
                        && config.architecture().positionsFollowPadding() && pad >= 0 && pad < shape.get(0)) {
                    value.set(new NDIndex(pad), 0f);
                }
            }
            value.setName(name);
            // Parameters belong to the model, never to a caller's NDScope: a head drawn lazily inside a prediction's
            // scope was closed with it, and the next prediction failed with "released already".
            NDScope.unregister(value);
            parameters.put(name, value);
        }
        return parameters;
    }

    /**
     * Wraps already-loaded parameters, checking that every expected one is present with the expected shape.
     * A missing pooler is drawn fresh from {@code seed}, as Hugging Face does for masked-LM checkpoints.
     *
     * @throws IllegalArgumentException naming each missing parameter and each wrong shape
     */
    public static BertWeights of(BertConfig config, NDManager manager, Map<String, NDArray> loaded, long seed) {
        Map<String, Shape> expected = shapes(config);
        if (!loaded.containsKey("pooler.dense.weight") && !loaded.containsKey("pooler.dense.bias")) {
            Map<String, Shape> pooler = new LinkedHashMap<>();
            linear(pooler, "pooler.dense", config.hiddenSize(), config.hiddenSize());
            loaded = new LinkedHashMap<>(loaded);
            loaded.putAll(initialise(pooler, config, manager, seed));
        }
        List<String> problems = new ArrayList<>();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : expected.entrySet()) {
            NDArray value = loaded.get(entry.getKey());
            if (value == null) {
                problems.add("missing " + entry.getKey());
            } else if (!value.getShape().equals(entry.getValue())) {
                problems.add(entry.getKey() + " has shape " + value.getShape() + ", expected " + entry.getValue());
            } else {
                parameters.put(entry.getKey(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        parameters.values().forEach(p -> p.attach(manager));
        return new BertWeights(config, manager, parameters);
    }

    public BertConfig config() {
        return config;
    }

    /** The parameter of the given (prefix-less) Hugging Face name. */
    public NDArray get(String name) {
        NDArray value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no base parameter named " + name);
        }
        return value;
    }

    /** Every base parameter, in Hugging Face order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
    }

    NDManager manager() {
        return manager;
    }
}
