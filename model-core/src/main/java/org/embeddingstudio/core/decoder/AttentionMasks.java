package org.embeddingstudio.core.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The additive attention masks of a decoder: a query sees a key only when the key is a real token (attention mask
 * 1), not after the query (causal) and, with a sliding window, fewer than {@code window} positions before it —
 * transformers' {@code masking_utils} patterns. Blocked places get the lowest float, so their softmax weight is 0.
 */
final class AttentionMasks {
    private AttentionMasks() {
    }

    /**
     * @param keyMask   (B, K) 1 for real tokens, 0 for padding, over the cached and the new positions
     * @param queries   how many new positions (the last {@code queries} of K)
     * @param window    sliding window, 0 for none
     * @return (B, 1, T, K)
     */
    static NDArray additive(NDManager manager, long[] keyMask, int batch, int queries, int window) {
        int keys = keyMask.length / batch;
        int past = keys - queries;
        float[] mask = new float[batch * queries * keys];
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < queries; q++) {
                int position = past + q;
                int row = (b * queries + q) * keys;
                for (int k = 0; k < keys; k++) {
                    boolean seen = keyMask[b * keys + k] != 0 && k <= position
                            && (window <= 0 || k > position - window);
                    mask[row + k] = seen ? 0f : -Float.MAX_VALUE;
                }
            }
        }
        return manager.create(mask, new Shape(batch, 1, queries, keys));
    }
}
