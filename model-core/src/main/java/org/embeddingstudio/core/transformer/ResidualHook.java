package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;

import java.util.function.UnaryOperator;

/**
 * Where a transformer layer adds a sub-block's output to its input and normalises ("Add &amp; Norm"; a decoder
 * block, which normalises before its sub-blocks, only adds). Bottleneck adapters replace this step, as
 * {@code adapters}' {@code bottleneck_layer_forward} does.
 */
@FunctionalInterface
public interface ResidualHook {
    /** The two places of a layer: after attention, after the feed-forward block. */
    enum Location {
        /** After the self-attention output projection ({@code adapters}' "mh_adapter"). */
        ATTENTION_OUTPUT,
        /** After the feed-forward output projection ({@code adapters}' "output_adapter"). */
        FFN_OUTPUT
    }

    /** No adapter: {@code LayerNorm(hidden + input)} (a decoder passes the identity as its norm). */
    ResidualHook NONE = (location, layer, hidden, input, layerNorm, training) -> layerNorm.apply(hidden.add(input));

    /**
     * @param hidden    the sub-block's output after its projection and dropout, (B, T, H)
     * @param input     the sub-block's input, the residual, (B, T, H)
     * @param layerNorm the layer's own LayerNorm at this place; the identity for decoders
     * @return the layer's hidden states after this place, (B, T, H)
     */
    NDArray apply(Location location, int layer, NDArray hidden, NDArray input, UnaryOperator<NDArray> layerNorm,
                  boolean training);
}
