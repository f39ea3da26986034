package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The two sublayers of a BERT / RoBERTa encoder layer as single PyTorch calls, in the calling thread's
 * {@link Autocast} precision, each up to (and including) its output dense layer and dropout: what comes after, the
 * residual add and LayerNorm, is where bottleneck adapters sit, so it stays outside.
 *
 * <p>Why: op by op, a bf16 step cast the same hidden states to bfloat16 three times for q, k and v, cast every
 * product back to float32 and wrote the (B, N, T, T) scores, their scaled and masked copies and their softmax as
 * separate float32 arrays. Here q, k and v are one product, what lies between two products stays in the product's
 * precision (as under {@code torch.autocast}), and attention is PyTorch's {@code scaled_dot_product_attention}.
 * The arithmetic is transformers' {@code modeling_bert.py} (scores scaled by 1/√head size, the exact GELU).
 */
public final class FusedBertLayers {
    private FusedBertLayers() {
    }

    /** A self-attention sublayer's weights and biases: query, key, value, and the output dense layer. */
    public record AttentionWeights(NDArray q, NDArray k, NDArray v, NDArray qBias, NDArray kBias, NDArray vBias,
                                   NDArray output, NDArray outputBias) {
    }

    /**
     * Self-attention and its output dense layer with dropout.
     *
     * @param x                  the layer's input (B, T, H)
     * @param attentionMask      (B, T), 1 where a token is attended to, 0 at padding
     * @param attentionDropout   the rate of dropout on the attention probabilities, 0 outside training
     * @param hiddenDropout      the rate of dropout on the output, 0 outside training
     * @return the output dense layer's output after dropout (B, T, H), before the residual add
     */
    public static NDArray attention(NDArray x, AttentionWeights weights, NDArray attentionMask, int heads,
                                    float attentionDropout, float hiddenDropout) {
        NDManager manager = x.getManager();
        try (NDArray headCount = manager.create((long) heads);
             NDArray attentionRate = manager.create(attentionDropout);
             NDArray hiddenRate = manager.create(hiddenDropout)) {
            return Kernels.bertAttention(Autocast.current()).apply(x, weights.q(), weights.k(), weights.v(),
                    weights.qBias(), weights.kBias(), weights.vBias(), weights.output(), weights.outputBias(),
                    attentionMask, headCount, attentionRate, hiddenRate);
        }
    }

    /**
     * {@code dropout(gelu(x Wiᵀ + bi) Woᵀ + bo)}: the intermediate and output dense layers with the exact GELU.
     *
     * @param hiddenDropout the rate of dropout on the output, 0 outside training
     * @return the output dense layer's output after dropout (B, T, H), before the residual add
     */
    public static NDArray feedForward(NDArray x, NDArray intermediate, NDArray intermediateBias, NDArray output,
                                      NDArray outputBias, float hiddenDropout) {
        try (NDArray hiddenRate = x.getManager().create(hiddenDropout)) {
            return Kernels.bertFeedForward(Autocast.current()).apply(x, intermediate, intermediateBias, output,
                    outputBias, hiddenRate);
        }
    }
}
