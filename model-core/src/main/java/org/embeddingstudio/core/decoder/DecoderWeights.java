package org.embeddingstudio.core.decoder;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * The parameters of a decoder's blocks (everything but the input embeddings and the head, which belong to the
 * embedding pair), by the names of {@link DecoderLayout}, owned by the model's manager.
 */
public record DecoderWeights(DecoderConfig config, Map<String, NDArray> parameters) {
    public DecoderWeights {
        parameters = Collections.unmodifiableMap(parameters);
        for (Map.Entry<String, long[]> expected : DecoderLayout.blockParameters(config).entrySet()) {
            NDArray array = parameters.get(expected.getKey());
            if (array == null) {
                throw new IllegalArgumentException("the checkpoint has no " + expected.getKey());
            }
            if (!Arrays.equals(array.getShape().getShape(), expected.getValue())) {
                throw new IllegalArgumentException(expected.getKey() + " has shape " + array.getShape()
                        + " but the config asks for " + Arrays.toString(expected.getValue()));
            }
        }
    }

    /** The parameter of this name; the layout guarantees it exists. */
    public NDArray get(String name) {
        NDArray array = parameters.get(name);
        if (array == null) {
            throw new IllegalStateException("no parameter " + name);
        }
        return array;
    }

    /** The parameter if the config gives the block one (biases), else null. */
    public NDArray optional(String name) {
        return parameters.get(name);
    }
}
