package org.embeddingstudio.core.decoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters a decoder of a given config has, named as in its Hugging Face checkpoint without the base-model
 * prefix ("transformer." for GPT-2, "model." for the Llama family), with their shapes. Conv1D weights of GPT-2 keep
 * their [in, out] layout: names and shapes equal the file's, so loading and saving are name lookups.
 */
public final class DecoderLayout {
    /** The causal-LM head's weight, outside the base model in every family. */
    public static final String LM_HEAD = "lm_head.weight";
    /** Buffers some checkpoints carry that are not parameters (GPT-2's causal masks, old Llama rotary tables). */
    private static final Set<String> BUFFER_SUFFIXES = Set.of(".attn.bias", ".attn.masked_bias",
            ".rotary_emb.inv_freq");

    private DecoderLayout() {
    }

    /** The name of the input embedding matrix: {@code wte.weight} or {@code embed_tokens.weight}. */
    public static String inputEmbeddings(DecoderConfig config) {
        return config.family().isGpt2() ? "wte.weight" : "embed_tokens.weight";
    }

    /**
     * A checkpoint key as a parameter name of ours: the base-model prefix removed (checkpoints of the base model
     * alone have none), {@link #LM_HEAD} kept; empty for buffers that are not parameters.
     */
    public static Optional<String> parameterName(DecoderConfig config, String key) {
        if (BUFFER_SUFFIXES.stream().anyMatch(key::endsWith)) {
            return Optional.empty();
        }
        String prefix = config.family().parameterPrefix();
        return Optional.of(key.startsWith(prefix) ? key.substring(prefix.length()) : key);
    }

    /** Every parameter of the blocks besides the input embeddings and the head, with its shape, in file order. */
    public static Map<String, long[]> blockParameters(DecoderConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        if (config.family().isGpt2()) {
            gpt2(config, shapes);
        } else {
            llama(config, shapes);
        }
        return shapes;
    }

    private static void gpt2(DecoderConfig c, Map<String, long[]> shapes) {
        long h = c.hiddenSize();
        long inner = c.intermediateSize();
        shapes.put("wpe.weight", new long[] {c.maxPositionEmbeddings(), h});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "h." + i + ".";
            shapes.put(p + "ln_1.weight", new long[] {h});
            shapes.put(p + "ln_1.bias", new long[] {h});
            shapes.put(p + "attn.c_attn.weight", new long[] {h, 3 * h});
            shapes.put(p + "attn.c_attn.bias", new long[] {3 * h});
            shapes.put(p + "attn.c_proj.weight", new long[] {h, h});
            shapes.put(p + "attn.c_proj.bias", new long[] {h});
            shapes.put(p + "ln_2.weight", new long[] {h});
            shapes.put(p + "ln_2.bias", new long[] {h});
            shapes.put(p + "mlp.c_fc.weight", new long[] {h, inner});
            shapes.put(p + "mlp.c_fc.bias", new long[] {inner});
            shapes.put(p + "mlp.c_proj.weight", new long[] {inner, h});
            shapes.put(p + "mlp.c_proj.bias", new long[] {h});
        }
        shapes.put("ln_f.weight", new long[] {h});
        shapes.put("ln_f.bias", new long[] {h});
    }

    private static void llama(DecoderConfig c, Map<String, long[]> shapes) {
        long h = c.hiddenSize();
        long queries = (long) c.numAttentionHeads() * c.headDim();
        long keys = (long) c.keyValueHeads() * c.headDim();
        long inner = c.intermediateSize();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "layers." + i + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {h});
            linear(shapes, p + "self_attn.q_proj", queries, h, c.attentionBias());
            linear(shapes, p + "self_attn.k_proj", keys, h, c.attentionBias());
            linear(shapes, p + "self_attn.v_proj", keys, h, c.attentionBias());
            linear(shapes, p + "self_attn.o_proj", h, queries, c.outputBias());
            shapes.put(p + "post_attention_layernorm.weight", new long[] {h});
            if (c.family().normalisesSublayerOutputs()) {
                shapes.put(p + "pre_feedforward_layernorm.weight", new long[] {h});
                shapes.put(p + "post_feedforward_layernorm.weight", new long[] {h});
            }
            linear(shapes, p + "mlp.gate_proj", inner, h, c.mlpBias());
            linear(shapes, p + "mlp.up_proj", inner, h, c.mlpBias());
            linear(shapes, p + "mlp.down_proj", h, inner, c.mlpBias());
        }
        shapes.put("norm.weight", new long[] {h});
    }

    private static void linear(Map<String, long[]> shapes, String name, long out, long in, boolean bias) {
        shapes.put(name + ".weight", new long[] {out, in});
        if (bias) {
            shapes.put(name + ".bias", new long[] {out});
        }
    }
}
