package org.embeddingstudio.core.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.FusedLayers;
import org.embeddingstudio.core.engine.GraphScalars;
import org.embeddingstudio.core.transformer.ResidualHook;
import org.embeddingstudio.core.transformer.ResidualHook.Location;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The forward pass of a decoder-only model, following transformers' modeling files line by line:
 * {@code modeling_gpt2.py} (learned positions, pre-LN blocks with LayerNorm, Conv1D {@code y = xW + b}, fused
 * {@code c_attn}, {@code gelu_new}) and {@code modeling_llama.py} with its Mistral, Qwen2 and Gemma copies (RMSNorm in
 * fp32, rotate-half RoPE, grouped-query attention, SwiGLU or GeGLU). Causal attention over real tokens only; with a
 * {@link KeyValueCache} the new positions attend to the cached ones too.
 *
 * <p>Every intermediate array belongs to the caller's {@link NDScope}; this class holds no state besides the
 * parameters it reads.
 */
public final class DecoderForward {
    private final DecoderConfig config;
    private final DecoderWeights weights;
    private final RotaryEmbedding rotary;
    // Dropout rates when training, from the config as transformers reads them: GPT-2's embd_pdrop, attn_pdrop and
    // resid_pdrop (0.1 unless the config says otherwise); the Llama family's attention_dropout (0 by default).
    private final float embeddingDropout;
    private final float attentionDropout;
    private final float residualDropout;

    public DecoderForward(DecoderWeights weights) {
        this.config = weights.config();
        this.weights = weights;
        boolean gpt2 = config.family().isGpt2();
        this.rotary = gpt2 ? null : new RotaryEmbedding(config);
        this.embeddingDropout = gpt2 ? rate("embd_pdrop", 0.1) : 0f;
        this.attentionDropout = gpt2 ? rate("attn_pdrop", 0.1) : rate("attention_dropout", 0.0);
        this.residualDropout = gpt2 ? rate("resid_pdrop", 0.1) : 0f;
    }

    private float rate(String key, double otherwise) {
        return (float) config.raw().path(key).asDouble(otherwise);
    }

    public DecoderConfig config() {
        return config;
    }

    /** {@link #forward(NDArray, NDArray, NDArray, KeyValueCache, ResidualHook)} without adapters. */
    public NDArray forward(NDArray inputRows, NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return forward(inputRows, inputIds, attentionMask, cache, ResidualHook.NONE, false);
    }

    /**
     * Runs the blocks and the final norm.
     *
     * @param inputRows     the active input embeddings, (V, H)
     * @param inputIds      the new tokens, (B, T)
     * @param attentionMask (B, K): 1 for real tokens over the cached and the new positions, 0 for padding
     * @param cache         the cached keys and values, extended by the new positions; null to run without one
     * @param residuals     where each sublayer's output joins the residual stream: the active adapter, or a plain add
     * @param training      whether dropout applies, as in transformers' train mode
     * @return the last hidden states after the final norm, (B, T, H)
     */
    public NDArray forward(NDArray inputRows, NDArray inputIds, NDArray attentionMask, KeyValueCache cache,
                           ResidualHook residuals, boolean training) {
        if (inputRows.getShape().get(1) != config.hiddenSize()) {
            throw new IllegalArgumentException("input embeddings of dimension " + inputRows.getShape().get(1)
                    + " do not fit a model of hidden size " + config.hiddenSize());
        }
        int batch = Math.toIntExact(inputIds.getShape().get(0));
        int length = Math.toIntExact(inputIds.getShape().get(1));
        int past = cache == null ? 0 : cache.length();
        if (attentionMask.getShape().get(1) != past + length) {
            throw new IllegalArgumentException("the attention mask covers " + attentionMask.getShape().get(1)
                    + " positions, but there are " + past + " cached and " + length + " new ones");
        }
        NDManager manager = inputIds.getManager();
        NDArray hidden = dropout(embed(inputRows, inputIds, past, length), embeddingDropout, training);
        long[] keyMask = attentionMask.toType(DataType.INT64, false).toLongArray();
        boolean causalOnly = fusedBlocks(cache, training) && Arrays.stream(keyMask).allMatch(real -> real != 0);
        Map<Integer, NDArray> masks = new HashMap<>();
        RotaryEmbedding.Tables tables = rotary == null ? null : rotary.tables(manager, past, length);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            int window = config.slidingWindows().get(i);
            // The fused sublayer masks plain causal attention itself (null), faster than adding a mask.
            NDArray mask = causalOnly && window <= 0 ? null : masks.computeIfAbsent(window,
                    w -> AttentionMasks.additive(manager, keyMask, batch, length, w));
            NDArray output;
            // A scope per layer frees its intermediates as soon as it is done (see BertEncoder.forward).
            try (NDScope layerScope = new NDScope()) {
                output = config.family().isGpt2() ? gpt2Layer(i, hidden, mask, cache, residuals, training)
                        : llamaLayer(i, hidden, mask, tables, cache, residuals, training);
                NDScope.unregister(output);
            }
            NDScope.register(output);
            hidden = output;
        }
        if (cache != null) {
            cache.advance(length);
        }
        return config.family().isGpt2() ? layerNorm(hidden, "ln_f") : rmsNorm(hidden, "norm.weight");
    }

    /** Logits over the output rows' vocabulary, (B, T, V); Gemma 2 soft-caps them. */
    public NDArray logits(NDArray hidden, NDArray outputRows) {
        NDArray logits = Autocast.linear(hidden, outputRows);
        return config.logitSoftCap() > 0 ? softCap(logits, (float) config.logitSoftCap()) : logits;
    }

    /** Gemma 2's soft cap: {@code cap · tanh(x / cap)}, as its modeling file computes it. */
    private static NDArray softCap(NDArray x, float cap) {
        return x.div(GraphScalars.of(x, cap)).tanh().mul(GraphScalars.of(x, cap));
    }

    private NDArray embed(NDArray inputRows, NDArray inputIds, int past, int length) {
        NDArray words = Embedding.embedding(inputIds, inputRows, SparseFormat.DENSE).singletonOrThrow();
        if (config.family().isGpt2()) {
            if (past + length > config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("GPT-2 has learned positions for " + config.maxPositionEmbeddings()
                        + " tokens (n_positions); this sequence needs " + (past + length));
            }
            NDArray positions = inputIds.getManager().arange(past, past + length, 1, DataType.INT64);
            NDArray learned = Embedding.embedding(positions, weights.get("wpe.weight"), SparseFormat.DENSE)
                    .singletonOrThrow(); // (T, H), broadcast over the batch
            return words.add(learned);
        }
        if (config.family().isGemma()) {
            // Gemma: sqrt(hidden) rounded to the embeddings' type, as torch.tensor(hidden ** 0.5, dtype) does.
            return words.mul(GraphScalars.of(words, (float) Math.sqrt(config.hiddenSize())));
        }
        return words;
    }

    private NDArray llamaLayer(int index, NDArray hidden, NDArray mask, RotaryEmbedding.Tables tables,
                               KeyValueCache cache, ResidualHook residuals, boolean training) {
        String p = "layers." + index + ".";
        NDArray attended;
        if (fusedBlocks(cache, training)) {
            attended = FusedLayers.attention(hidden, attentionWeights(p), tables.cos(), tables.sin(), mask,
                    (float) config.attentionScale(), (float) config.normEps());
        } else if (cache != null && !training && config.attentionSoftCap() <= 0) {
            FusedLayers.CachedAttention step = FusedLayers.cachedAttention(hidden, attentionWeights(p), tables.cos(),
                    tables.sin(), cache.keys(index), cache.values(index), mask, (float) config.attentionScale(),
                    (float) config.normEps());
            cache.replace(index, step.keys(), step.values());
            attended = step.output();
        } else {
            attended = attention(index, hidden, mask, tables, cache, training);
        }
        boolean sandwich = config.family().normalisesSublayerOutputs();
        NDArray afterAttention = join(residuals, Location.ATTENTION_OUTPUT, index,
                sandwich ? rmsNorm(attended, p + "post_attention_layernorm.weight") : attended, hidden);
        String mlpNorm = p + (sandwich ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight");
        NDArray fed = mlp(afterAttention, mlpNorm, p + "mlp.");
        return join(residuals, Location.FFN_OUTPUT, index,
                sandwich ? rmsNorm(fed, p + "post_feedforward_layernorm.weight") : fed, afterAttention);
    }

    /**
     * Whether a Llama-family layer runs its sublayers as fused PyTorch calls ({@link FusedLayers}) without a cache
     * (with one, generation's attention is its own fused call), not where scores are soft-capped (Gemma 2) or
     * probabilities dropped out, which need the scores themselves.
     */
    private boolean fusedBlocks(KeyValueCache cache, boolean training) {
        return !config.family().isGpt2() && cache == null && config.attentionSoftCap() <= 0
                && !(training && attentionDropout > 0);
    }

    private FusedLayers.AttentionWeights attentionWeights(String p) {
        String a = p + "self_attn.";
        return new FusedLayers.AttentionWeights(normWeight(p + "input_layernorm.weight"),
                weights.get(a + "q_proj.weight"), weights.get(a + "k_proj.weight"), weights.get(a + "v_proj.weight"),
                weights.get(a + "o_proj.weight"),
                weights.optional(a + "q_proj.bias"), weights.optional(a + "k_proj.bias"),
                weights.optional(a + "v_proj.bias"), weights.optional(a + "o_proj.bias"));
    }

    /** The attention sublayer op by op, extending the cache if there is one; o_proj's output. */
    private NDArray attention(int index, NDArray hidden, NDArray mask, RotaryEmbedding.Tables tables,
                              KeyValueCache cache, boolean training) {
        String p = "layers." + index + ".";
        NDArray normed = rmsNorm(hidden, p + "input_layernorm.weight");
        Shape shape = hidden.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int d = config.headDim();
        NDArray q = linear(normed, p + "self_attn.q_proj").reshape(b, t, config.numAttentionHeads(), d)
                .transpose(0, 2, 1, 3);
        NDArray k = linear(normed, p + "self_attn.k_proj").reshape(b, t, config.keyValueHeads(), d)
                .transpose(0, 2, 1, 3);
        NDArray v = linear(normed, p + "self_attn.v_proj").reshape(b, t, config.keyValueHeads(), d)
                .transpose(0, 2, 1, 3);
        q = rotate(q, tables);
        k = rotate(k, tables);
        if (cache != null) {
            NDList all = cache.append(index, k, v);
            k = all.get(0);
            v = all.get(1);
        }
        NDArray context = attention(q, k, v, mask, (float) config.attentionScale(), false, training);
        return linear(context, p + "self_attn.o_proj");
    }

    /** The norm and gated MLP from the residual stream: one fused call unless the MLP has biases (mlp_bias). */
    private NDArray mlp(NDArray x, String norm, String p) {
        if (config.mlpBias()) {
            NDArray normed = rmsNorm(x, norm);
            NDArray gate = activation(linear(normed, p + "gate_proj"));
            return linear(gate.mul(linear(normed, p + "up_proj")), p + "down_proj");
        }
        return FusedLayers.mlp(x, normWeight(norm), weights.get(p + "gate_proj.weight"),
                weights.get(p + "up_proj.weight"), weights.get(p + "down_proj.weight"),
                !"silu".equals(config.hiddenAct()), (float) config.normEps());
    }

    /**
     * Adds a sublayer's output to the residual stream, through the adapter at that place if one is active. There is
     * no layer norm to pass (these blocks normalise before a sublayer, not after the add), as {@code adapters}'
     * decoder blocks pass {@code None}.
     */
    private static NDArray join(ResidualHook residuals, Location location, int layer, NDArray output,
                                NDArray residual) {
        return residuals.apply(location, layer, output, residual, UnaryOperator.identity(), false);
    }

    private NDArray gpt2Layer(int index, NDArray hidden, NDArray mask, KeyValueCache cache, ResidualHook residuals,
                              boolean training) {
        String p = "h." + index + ".";
        Shape shape = hidden.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int heads = config.numAttentionHeads();
        int d = config.headDim();
        NDList qkv = conv1d(layerNorm(hidden, p + "ln_1"), p + "attn.c_attn").split(3, 2);
        NDArray q = qkv.get(0).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray k = qkv.get(1).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray v = qkv.get(2).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        if (cache != null) {
            NDList all = cache.append(index, k, v);
            k = all.get(0);
            v = all.get(1);
        }
        float divisor = (float) Math.sqrt(d) * (config.scaleAttentionByInverseLayerIndex() ? index + 1 : 1);
        NDArray context = attention(q, k, v, mask, divisor, true, training);
        NDArray afterAttention = join(residuals, Location.ATTENTION_OUTPUT, index,
                dropout(conv1d(context, p + "attn.c_proj"), residualDropout, training), hidden);
        NDArray inner = activation(conv1d(layerNorm(afterAttention, p + "ln_2"), p + "mlp.c_fc"));
        return join(residuals, Location.FFN_OUTPUT, index,
                dropout(conv1d(inner, p + "mlp.c_proj"), residualDropout, training), afterAttention);
    }

    /**
     * Scaled dot-product attention with grouped-query heads: the query heads of one group are laid side by side
     * against their shared key/value head, which repeats keys and values without copying them
     * (transformers' {@code repeat_kv} copies). q (B, N, T, D); k, v (B, KV, K, D); returns (B, T, N·D).
     *
     * @param divide GPT-2 divides the scores by its scale, the Llama family multiplies by head_dim^-0.5
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, float scale, boolean divide,
                              boolean training) {
        Shape shape = q.getShape();
        long b = shape.get(0);
        long n = shape.get(1);
        long t = shape.get(2);
        long d = shape.get(3);
        long groups = k.getShape().get(1);
        long keys = k.getShape().get(2);
        NDArray product = Autocast.matMul(q.reshape(b, groups, n / groups * t, d), k.transpose(0, 1, 3, 2))
                .reshape(b, n, t, keys);
        NDArray scaled = divide ? product.div(GraphScalars.of(product, scale))
                : product.mul(GraphScalars.of(product, scale));
        if (config.attentionSoftCap() > 0) {
            scaled = softCap(scaled, (float) config.attentionSoftCap());
        }
        NDArray probabilities = dropout(scaled.add(mask).softmax(-1), attentionDropout, training);
        NDArray context = Autocast.matMul(probabilities.reshape(b, groups, n / groups * t, keys), v)
                .reshape(b, n, t, d);
        return context.transpose(0, 2, 1, 3).reshape(b, t, n * d);
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    /** Rotate-half RoPE: {@code x·cos + rotate_half(x)·sin}, tables (T, D) broadcast over batch and heads. */
    private static NDArray rotate(NDArray x, RotaryEmbedding.Tables tables) {
        NDList halves = x.split(2, 3); // (B, N, T, D): halves of D
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), -1);
        return x.mul(tables.cos()).add(rotated.mul(tables.sin()));
    }

    /** Llama's RMSNorm {@code w · x · rsqrt(mean(x²) + eps)}; Gemma's scales by {@code (1 + w)}. */
    private NDArray rmsNorm(NDArray x, String weight) {
        return FusedLayers.rmsNorm(x, normWeight(weight), (float) config.normEps());
    }

    /** What an RMSNorm multiplies by: its weight, or Gemma's {@code 1 + w}. */
    private NDArray normWeight(String weight) {
        NDArray w = weights.get(weight);
        return config.family().isGemma() ? w.add(GraphScalars.of(w, 1f)) : w;
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), weights.get(name + ".weight"),
                weights.get(name + ".bias"), config.normEps()).singletonOrThrow();
    }

    private NDArray linear(NDArray x, String name) {
        return Autocast.linear(x, weights.get(name + ".weight"), weights.optional(name + ".bias"));
    }

    /** GPT-2's Conv1D: weight [in, out], {@code y = xW + b}. */
    private NDArray conv1d(NDArray x, String name) {
        return Autocast.matMul(x, weights.get(name + ".weight")).add(weights.get(name + ".bias"));
    }

    /** silu for SwiGLU; the tanh approximation of GELU (gelu_new, gelu_pytorch_tanh) for GPT-2 and Gemma. */
    private NDArray activation(NDArray x) {
        if ("silu".equals(config.hiddenAct())) {
            return x.mul(Activation.sigmoid(x));
        }
        NDArray cube = x.mul(x).mul(x);
        NDArray inner = x.add(cube.mul(GraphScalars.of(x, 0.044715f)))
                .mul(GraphScalars.of(x, (float) Math.sqrt(2.0 / Math.PI)));
        NDArray half = x.mul(GraphScalars.of(x, 0.5f));
        return half.mul(inner.tanh().add(GraphScalars.of(x, 1f)));
    }
}
