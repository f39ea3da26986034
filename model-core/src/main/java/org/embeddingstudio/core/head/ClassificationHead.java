package org.embeddingstudio.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.tensor.ParameterInit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence-classification head as {@code adapters}' {@code add_classification_head(name, num_labels)} builds it
 * with its defaults (two layers, tanh, on the first token, no pooler): dropout, Linear(H, H), tanh, dropout,
 * Linear(H, labels). Parameters are named as in {@code adapters}: {@code heads.NAME.1.weight},
 * {@code heads.NAME.1.bias}, {@code heads.NAME.4.weight}, {@code heads.NAME.4.bias}.
 */
public final class ClassificationHead implements AutoCloseable {
    private final String name;
    private final List<String> labels;
    private final float dropout;
    private final Map<String, NDArray> parameters;

    private ClassificationHead(String name, List<String> labels, float dropout, Map<String, NDArray> parameters) {
        this.name = name;
        this.labels = List.copyOf(labels);
        this.dropout = dropout;
        this.parameters = parameters;
    }

    /** Parameter shapes for a head with {@code labelCount} labels over hidden size {@code hidden}. */
    public static Map<String, Shape> shapes(String name, int hidden, int labelCount) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("heads." + name + ".1.weight", new Shape(hidden, hidden));
        shapes.put("heads." + name + ".1.bias", new Shape(hidden));
        shapes.put("heads." + name + ".4.weight", new Shape(labelCount, hidden));
        shapes.put("heads." + name + ".4.bias", new Shape(labelCount));
        return shapes;
    }

    /** A new head initialised as Hugging Face's {@code _init_weights}: N(0, std) weights, zero biases. */
    public static ClassificationHead create(String name, List<String> labels, int hidden, float dropout, float std,
                                            NDManager manager, long seed) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classification head needs at least two labels, got " + labels);
        }
        Map<String, NDArray> parameters = ParameterInit.linearLayers(shapes(name, hidden, labels.size()), std,
                manager, seed);
        return new ClassificationHead(name, labels, dropout, parameters);
    }

    /** Wraps loaded parameters (names as {@link #shapes}), checking their shapes. */
    public static ClassificationHead of(String name, List<String> labels, int hidden, float dropout,
                                        NDManager manager, Map<String, NDArray> loaded) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        shapes(name, hidden, labels.size()).forEach((parameter, shape) -> {
            NDArray value = loaded.get(parameter);
            if (value == null || !value.getShape().equals(shape)) {
                throw new IllegalArgumentException("classification head parameter " + parameter + " is "
                        + (value == null ? "missing" : "of shape " + value.getShape() + ", expected " + shape));
            }
            value.attach(manager);
            parameters.put(parameter, value);
        });
        return new ClassificationHead(name, labels, dropout, parameters);
    }

    public String name() {
        return name;
    }

    /** Label names by class index. */
    public List<String> labels() {
        return labels;
    }

    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Class logits from the first token's hidden state.
     *
     * @param hidden (B, T, H)
     * @return (B, labels)
     */
    public NDArray logits(NDArray hidden, boolean training) {
        NDArray first = hidden.get(new NDIndex(":, 0, :"));
        NDArray x = dropout(first, training);
        x = Autocast.linear(x, parameters.get("heads." + name + ".1.weight"),
                parameters.get("heads." + name + ".1.bias")).tanh();
        x = dropout(x, training);
        return Autocast.linear(x, parameters.get("heads." + name + ".4.weight"),
                parameters.get("heads." + name + ".4.bias"));
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && dropout > 0
                ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
    }
}
