package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Whole sublayers of the Llama family as single PyTorch calls, in the calling thread's {@link Autocast} precision.
 *
 * <p>Why: run op by op through DJL, a training step of a small decoder spent more time writing, casting and reading
 * back float32 intermediates (norms, RoPE, the (B, N, T, T) attention scores, the gate's product) than multiplying.
 * Here the intermediates of a sublayer stay inside libtorch, in bfloat16 when the thread trains in bf16, the three
 * (two) projections that read the same input run as one product, and attention is PyTorch's fused kernel. Autograd
 * records what the kernels run, so backward is fused the same way.
 *
 * <p>The arithmetic follows transformers' {@code modeling_llama.py}: RMSNorm as {@code x · rsqrt(mean(x²) + eps) · w}
 * in float32, rotate-half RoPE, attention as its default {@code sdpa} implementation computes it.
 */
public final class FusedLayers {
    /**
     * From this many rows (tokens) on, gate and up run as one product. Below it the side-by-side copy of their
     * weights costs more than it saves: generating with a KV cache (one row a token), SmolLM2-135M's joined copy
     * read and wrote 14 MB a layer per token on top of the 10.6 MB its products read (model-core/BENCHMARKS.md,
     * session 14).
     */
    private static final long JOINED_PROJECTION_ROWS = 256;

    private FusedLayers() {
    }

    /** An attention sublayer's weights; the biases are null where the model has none (Qwen2 has q/k/v biases). */
    public record AttentionWeights(NDArray norm, NDArray q, NDArray k, NDArray v, NDArray o, NDArray qBias,
                                   NDArray kBias, NDArray vBias, NDArray oBias) {
    }

    /**
     * RMSNorm, q/k/v, RoPE, attention and o_proj, without a key/value cache.
     *
     * @param x     the residual stream (B, T, H)
     * @param cos   RoPE's cosines for positions 0 … T-1, (T, D)
     * @param sin   RoPE's sines, (T, D)
     * @param mask  additive (B, 1, T, T), 0 where a query sees a key; null for plain causal attention
     * @param scale what the scores are multiplied by
     * @param eps   RMSNorm's epsilon
     * @return o_proj's output (B, T, H), before the residual add
     */
    public static NDArray attention(NDArray x, AttentionWeights weights, NDArray cos, NDArray sin, NDArray mask,
                                    float scale, float eps) {
        boolean qkvBias = weights.qBias() != null;
        boolean outputBias = weights.oBias() != null;
        ScriptFunction kernel = Kernels.attentionBlock(Autocast.current(), mask != null, qkvBias, outputBias);
        NDManager manager = x.getManager();
        try (NDArray scaleArray = manager.create(scale); NDArray epsArray = manager.create(eps)) {
            NDList arguments = new NDList(x, weights.norm(), weights.q(), weights.k(), weights.v(), weights.o(), cos,
                    sin, scaleArray, epsArray);
            if (mask != null) {
                arguments.add(mask);
            }
            if (qkvBias) {
                arguments.addAll(new NDList(weights.qBias(), weights.kBias(), weights.vBias()));
            }
            if (outputBias) {
                arguments.add(weights.oBias());
            }
            return kernel.apply(arguments.toArray(new NDArray[0]));
        }
    }

    /** What {@link #cachedAttention} gives: o_proj's output, and the keys and values of every position so far. */
    public record CachedAttention(NDArray output, NDArray keys, NDArray values) {
    }

    /**
     * {@link #attention} for generation over a key/value cache: one call for the whole sublayer, where op by op it
     * took some thirty, each a round trip through DJL, per layer and token.
     *
     * @param x          the new positions' residual stream (B, T, H)
     * @param cos        RoPE's cosines for the new positions, (T, D)
     * @param sin        RoPE's sines, (T, D)
     * @param pastKeys   the cached keys (B, KV, P, D), null before the first position
     * @param pastValues the cached values, likewise
     * @param mask       additive (B, 1, T, P + T), 0 where a query sees a key
     */
    public static CachedAttention cachedAttention(NDArray x, AttentionWeights weights, NDArray cos, NDArray sin,
                                                  NDArray pastKeys, NDArray pastValues, NDArray mask, float scale,
                                                  float eps) {
        boolean qkvBias = weights.qBias() != null;
        boolean outputBias = weights.oBias() != null;
        ScriptFunction kernel = Kernels.cachedAttentionBlock(Autocast.current(), qkvBias, outputBias);
        NDManager manager = x.getManager();
        long headDim = cos.getShape().get(1);
        Shape noPositions = new Shape(x.getShape().get(0), weights.k().getShape().get(0) / headDim, 0, headDim);
        try (NDArray scaleArray = manager.create(scale); NDArray epsArray = manager.create(eps);
             NDArray empty = manager.zeros(noPositions)) {
            NDList arguments = new NDList(x, weights.norm(), weights.q(), weights.k(), weights.v(), weights.o(), cos,
                    sin, scaleArray, epsArray, pastKeys == null ? empty : pastKeys,
                    pastValues == null ? empty : pastValues, mask);
            if (qkvBias) {
                arguments.addAll(new NDList(weights.qBias(), weights.kBias(), weights.vBias()));
            }
            if (outputBias) {
                arguments.add(weights.oBias());
            }
            NDList results = kernel.applyAll(arguments.toArray(new NDArray[0]));
            return new CachedAttention(results.get(0), results.get(1), results.get(2));
        }
    }

    /**
     * RMSNorm, then {@code act(x Wgᵀ) ⊙ (x Wuᵀ) · Wdᵀ}, for an MLP without biases.
     *
     * @param geglu GeGLU's tanh-approximated GELU (Gemma) instead of SwiGLU's silu
     * @return down_proj's output (B, T, H), before the residual add
     */
    public static NDArray mlp(NDArray x, NDArray norm, NDArray gate, NDArray up, NDArray down, boolean geglu,
                              float eps) {
        return mlp(x, norm, gate, up, down, geglu, eps,
                x.getShape().size() / x.getShape().tail() >= JOINED_PROJECTION_ROWS);
    }

    /** {@link #mlp} with gate and up as one product or as two. */
    static NDArray mlp(NDArray x, NDArray norm, NDArray gate, NDArray up, NDArray down, boolean geglu, float eps,
                       boolean joined) {
        try (NDArray epsArray = x.getManager().create(eps)) {
            return Kernels.mlpBlock(Autocast.current(), geglu, joined).apply(x, norm, gate, up, down, epsArray);
        }
    }

    /** transformers' LlamaRMSNorm, {@code x · rsqrt(mean(x²) + eps) · w}, in float32 whatever the precision. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        try (NDArray epsArray = x.getManager().create(eps)) {
            return Kernels.RMS_NORM.apply(x, weight, epsArray);
        }
    }
}
