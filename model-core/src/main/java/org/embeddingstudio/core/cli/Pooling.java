package org.embeddingstudio.core.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.tensor.HostTensors;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code embed} writes: every token's hidden state, or one vector per sequence. */
enum Pooling {
    /**
     * {@code last_hidden_state} (B, T, H) and {@code attention_mask} (B, T), as transformers returns them, except
     * that padding positions hold zeros: their values would depend on how the sequences were batched.
     */
    NONE,
    /** {@code pooled} (B, H): the hidden state of the first token ([CLS] or &lt;s&gt;). */
    CLS,
    /** {@code pooled} (B, H): the mean over the tokens the attention mask keeps, as sentence-transformers does. */
    MEAN;

    static final String HIDDEN = "last_hidden_state";
    static final String MASK = "attention_mask";
    static final String POOLED = "pooled";

    /**
     * @param hidden (B, T, H)
     * @param mask   (B, T), 1 for real tokens and 0 for padding
     */
    Map<String, HostTensor> apply(NDArray hidden, NDArray mask) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        switch (this) {
            case NONE -> {
                NDArray keep = mask.toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
                tensors.put(HIDDEN, HostTensors.toHost(hidden.mul(keep)));
                tensors.put(MASK, HostTensors.toHost(mask.toType(DataType.INT64, false)));
            }
            case CLS -> tensors.put(POOLED, HostTensors.toHost(hidden.get(":, 0, :")));
            case MEAN -> {
                NDArray weights = mask.toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
                NDArray sums = hidden.mul(weights).sum(new int[]{1}); // (B, H)
                NDArray counts = weights.sum(new int[]{1}).maximum(1f); // (B, 1); an empty row stays zero
                tensors.put(POOLED, HostTensors.toHost(sums.div(counts)));
            }
        }
        return tensors;
    }
}
