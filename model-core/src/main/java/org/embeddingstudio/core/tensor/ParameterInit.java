package org.embeddingstudio.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fresh parameters of linear layers, as Hugging Face's {@code _init_weights}: matrices N(0, std²), biases zero. */
public final class ParameterInit {
    private ParameterInit() {
    }

    /**
     * @param shapes parameter name → shape; 1-D shapes are biases
     * @param seed   the draw of each matrix depends on the seed and its name only
     */
    public static Map<String, NDArray> linearLayers(Map<String, Shape> shapes, float std, NDManager manager,
                                                    long seed) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            NDArray value = shape.dimension() == 1 ? manager.zeros(shape)
                    : GaussianFill.tensor(manager, shape, GaussianFill.derive(seed, name), 0f, std);
            value.setName(name);
            NDScope.unregister(value); // owned by the adapter or head, not by whatever scope created it
            parameters.put(name, value);
        });
        return parameters;
    }
}
