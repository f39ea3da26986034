package org.embeddingstudio.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.GraphScalars;
import org.embeddingstudio.core.tensor.ParameterInit;
import org.embeddingstudio.core.transformer.ResidualHook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A bottleneck adapter in every layer of a model, computed as {@code adapters}' {@code Adapter} module with
 * {@code bottleneck_layer_forward}: down-projection, non-linearity, up-projection, scaled, plus a residual, then the
 * layer's own LayerNorm where it has one there (BERT; decoders normalise before their sublayers and pass none).
 * Parameter names are {@code adapters}' without the model prefix ({@link AdapterPlacement}), e.g.
 * {@code encoder.layer.0.output.adapters.NAME.adapter_down.0.weight}, so saving is a name lookup.
 */
public final class BottleneckAdapter implements ResidualHook, AutoCloseable {
    private final String name;
    private final BottleneckConfig config;
    private final AdapterPlacement placement;
    private final Map<String, NDArray> parameters;

    private BottleneckAdapter(String name, BottleneckConfig config, AdapterPlacement placement,
                              Map<String, NDArray> parameters) {
        this.name = name;
        this.config = config;
        this.placement = placement;
        this.parameters = parameters;
    }

    /** The parameter shapes of an adapter with this config in a model with {@code model}'s sizes. */
    public static Map<String, Shape> shapes(String name, BottleneckConfig config, AdapterPlacement model) {
        int hidden = model.hiddenSize();
        int bottleneck = config.bottleneckSize(hidden);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (int layer = 0; layer < model.layers(); layer++) {
            for (Location location : Location.values()) {
                if (applies(config, location)) {
                    String prefix = model.prefix(layer, location, name);
                    shapes.put(prefix + "adapter_down.0.weight", new Shape(bottleneck, hidden));
                    shapes.put(prefix + "adapter_down.0.bias", new Shape(bottleneck));
                    shapes.put(prefix + "adapter_up.weight", new Shape(hidden, bottleneck));
                    shapes.put(prefix + "adapter_up.bias", new Shape(hidden));
                }
            }
        }
        return shapes;
    }

    /** A new adapter, initialised as {@code adapters}' "bert" init: weights N(0, 0.02), biases zero. */
    public static BottleneckAdapter create(String name, BottleneckConfig config, AdapterPlacement model,
                                           NDManager manager, long seed) {
        Map<String, NDArray> parameters = ParameterInit.linearLayers(shapes(name, config, model), 0.02f, manager, seed);
        return new BottleneckAdapter(name, config, model, parameters);
    }

    /** Wraps loaded parameters, checking names and shapes against the config. */
    public static BottleneckAdapter of(String name, BottleneckConfig config, AdapterPlacement model,
                                       NDManager manager, Map<String, NDArray> loaded) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        shapes(name, config, model).forEach((parameter, shape) -> {
            NDArray value = loaded.get(parameter);
            if (value == null) {
                throw new IllegalArgumentException("adapter '" + name + "' lacks parameter " + parameter);
            }
            if (!value.getShape().equals(shape)) {
                throw new IllegalArgumentException("adapter parameter " + parameter + " has shape " + value.getShape()
                        + " but this model needs " + shape + " (was it saved for another hidden size?)");
            }
            value.attach(manager);
            parameters.put(parameter, value);
        });
        return new BottleneckAdapter(name, config, model, parameters);
    }

    /**
     * A copy with arrays of its own in {@code manager}: what a generation runs with, so that training, switching
     * or deleting this adapter meanwhile changes nothing it computes.
     */
    public BottleneckAdapter copy(NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        parameters.forEach((parameter, value) -> {
            NDArray copy = value.duplicate();
            NDScope.unregister(copy); // owned by the copy's manager, whatever scope the caller is in
            copy.attach(manager);
            copies.put(parameter, copy);
        });
        return new BottleneckAdapter(name, config, placement, copies);
    }

    static boolean applies(BottleneckConfig config, Location location) {
        return location == Location.ATTENTION_OUTPUT ? config.mhAdapter() : config.outputAdapter();
    }

    public String name() {
        return name;
    }

    public BottleneckConfig config() {
        return config;
    }

    /** Every parameter, by its {@code adapters} name without the model prefix. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public NDArray apply(Location location, int layer, NDArray hidden, NDArray input,
                         UnaryOperator<NDArray> layerNorm, boolean training) {
        if (!applies(config, location)) {
            return layerNorm.apply(hidden.add(input));
        }
        String prefix = placement.prefix(layer, location, name);
        NDArray residual = hidden;
        NDArray adapterInput = config.originalLnBefore() ? layerNorm.apply(hidden.add(input)) : hidden;
        if (!config.residualBeforeLn()) {
            residual = adapterInput;
        }
        NDArray down = activation(Autocast.linear(adapterInput, parameters.get(prefix + "adapter_down.0.weight"),
                parameters.get(prefix + "adapter_down.0.bias")));
        NDArray up = Autocast.linear(down, parameters.get(prefix + "adapter_up.weight"),
                parameters.get(prefix + "adapter_up.bias"));
        if (config.scaling() != 1.0) {
            up = up.mul(GraphScalars.of(up, (float) config.scaling()));
        }
        NDArray output = up.add(residual);
        return config.originalLnAfter() ? layerNorm.apply(output.add(input)) : output;
    }

    private NDArray activation(NDArray x) {
        return switch (config.nonLinearity()) {
            case "relu" -> Activation.relu(x);
            case "swish", "silu" -> x.mul(Activation.sigmoid(x));
            case "gelu" -> Activation.gelu(x);
            case "tanh" -> x.tanh();
            default -> throw new IllegalStateException(config.nonLinearity());
        };
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
    }
}
