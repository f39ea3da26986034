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
    MEAN,
    /**
     * {@code pooled} (B, H): the hidden state of each sequence's last real token — a decoder's summary of the
     * sequence, the only position that has seen all of it (as decoder embedding models such as E5-Mistral pool).
     */
    LAST;

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
            case LAST -> {
                // Sequences are padded on the right: the last real token is at (number of real tokens − 1).
                NDArray lastIndex = mask.toType(DataType.INT64, false).sum(new int[]{1}).sub(1).maximum(0L);
                NDArray picked = hidden.gather(lastIndex.reshape(-1, 1, 1).broadcast(hidden.getShape().get(0), 1,
                        hidden.getShape().get(2)), 1); // (B, 1, H)
                tensors.put(POOLED, HostTensors.toHost(picked.squeeze(1)));
            }
        }
        return tensors;
    }
}
