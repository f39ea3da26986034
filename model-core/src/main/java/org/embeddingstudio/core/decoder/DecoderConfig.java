package org.embeddingstudio.core.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.ModelConfigFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The hyper-parameters of a decoder-only model as a Hugging Face {@code config.json} gives them, with each config
 * class's defaults for what the file leaves out (GPT2Config, LlamaConfig, MistralConfig, Qwen2Config, GemmaConfig in
 * transformers 4.57). Every block of the model reads this one immutable value; {@link #raw()} keeps the file.
 *
 * @param keyValueHeads   grouped-query attention: heads share keys and values in groups of heads / keyValueHeads
 * @param attentionBias   biases on the query, key and value projections
 * @param outputBias      a bias on the attention output projection
 * @param slidingWindows  per layer, how many past tokens a token sees (0: all)
 * @param eosTokenIds     Llama 3 configs list several
 * @param attentionScale  the multiplier of query·key: head_dim^-0.5, or Gemma 2's query_pre_attn_scalar^-0.5
 * @param attentionSoftCap Gemma 2: attention scores become cap · tanh(score / cap); 0 for none
 * @param logitSoftCap    Gemma 2: logits become cap · tanh(logit / cap); 0 for none
 */
public record DecoderConfig(
        DecoderFamily family,
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int keyValueHeads,
        int headDim,
        int intermediateSize,
        String hiddenAct,
        float normEps,
        int maxPositionEmbeddings,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean attentionBias,
        boolean outputBias,
        boolean mlpBias,
        boolean tieWordEmbeddings,
        boolean scaleAttentionByInverseLayerIndex,
        List<Integer> slidingWindows,
        int bosTokenId,
        List<Integer> eosTokenIds,
        int padTokenId,
        double attentionScale,
        double attentionSoftCap,
        double logitSoftCap,
        ObjectNode raw) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACTIVATIONS = List.of("silu", "gelu_new", "gelu_pytorch_tanh");

    public DecoderConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || numHiddenLayers < 0 || intermediateSize <= 0
                || maxPositionEmbeddings <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("sizes in a config must be positive");
        }
        if (numAttentionHeads <= 0 || keyValueHeads <= 0 || numAttentionHeads % keyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " must be a positive multiple of num_key_value_heads " + keyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " must be even for rotary embeddings");
        }
        if (!ACTIVATIONS.contains(hiddenAct)) {
            throw new IllegalArgumentException("activation '" + hiddenAct + "' is not supported (supported: "
                    + String.join(", ", ACTIVATIONS) + ")");
        }
        if (!(normEps > 0 && Float.isFinite(normEps))) {
            throw new IllegalArgumentException("the norm epsilon must be a small positive number, not " + normEps);
        }
        if (slidingWindows.size() != numHiddenLayers) {
            throw new IllegalArgumentException(slidingWindows.size() + " layer types for " + numHiddenLayers
                    + " layers");
        }
        slidingWindows = List.copyOf(slidingWindows);
        eosTokenIds = List.copyOf(eosTokenIds);
        raw = raw == null ? JSON.createObjectNode() : raw.deepCopy();
    }

    /** Reads {@code config.json}; the file is named in every error. */
    public static DecoderConfig read(Path file) throws IOException {
        return ModelConfigFile.read(file, DecoderConfig::fromJson);
    }

    /** Whether {@code config.json} names a decoder family of ours (so the decoder loader should read it). */
    public static boolean isDecoder(ObjectNode json) {
        return DecoderFamily.ofModelType(json.path("model_type").asText("")).isPresent();
    }

    public static DecoderConfig fromJson(ObjectNode json) {
        String modelType = json.path("model_type").asText("");
        DecoderFamily family = DecoderFamily.ofModelType(modelType).orElseThrow(() -> new IllegalArgumentException(
                "model_type '" + modelType + "' is not a supported decoder; supported: "
                        + DecoderFamily.supportedModelTypes()));
        return family.isGpt2() ? gpt2(json) : llamaFamily(family, json);
    }

    private static DecoderConfig gpt2(ObjectNode json) {
        int hidden = requiredInt(json, "n_embd");
        int heads = requiredInt(json, "n_head");
        int layers = requiredInt(json, "n_layer");
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("n_embd " + hidden + " must be a multiple of n_head " + heads);
        }
        // reorder_and_upcast_attn changes only the rounding of half precision; in fp32, as we compute, it is the same.
        int inner = json.path("n_inner").isInt() ? json.get("n_inner").asInt() : 4 * hidden;
        return new DecoderConfig(DecoderFamily.GPT2, requiredInt(json, "vocab_size"), hidden, layers, heads, heads,
                hidden / heads, inner, json.path("activation_function").asText("gelu_new"),
                (float) json.path("layer_norm_epsilon").asDouble(1e-5), json.path("n_positions").asInt(1024),
                0, RopeScaling.NONE, true, true, true, tied(json, DecoderFamily.GPT2),
                json.path("scale_attn_by_inverse_layer_idx").asBoolean(false), noWindows(layers),
                json.path("bos_token_id").asInt(50256), tokenIds(json.path("eos_token_id"), 50256),
                json.path("pad_token_id").asInt(-1), Math.pow(hidden / heads, -0.5), 0, 0, json);
    }

    private static DecoderConfig llamaFamily(DecoderFamily family, ObjectNode json) {
        int hidden = requiredInt(json, "hidden_size");
        int heads = requiredInt(json, "num_attention_heads");
        int layers = requiredInt(json, "num_hidden_layers");
        int keyValueHeads = json.path("num_key_value_heads").isInt() ? json.get("num_key_value_heads").asInt() : heads;
        int defaultHeadDim = family.isGemma() ? 256 : hidden / heads;
        int headDim = json.path("head_dim").isInt() ? json.get("head_dim").asInt() : defaultHeadDim;
        boolean qwen = family == DecoderFamily.QWEN2;
        boolean attentionBias = qwen || json.path("attention_bias").asBoolean(false);
        // Gemma 2 names its activation hidden_activation; Gemma (1) reads hidden_act.
        String activation = family == DecoderFamily.GEMMA2 && json.path("hidden_activation").isTextual()
                ? json.get("hidden_activation").asText()
                : json.path("hidden_act").asText(family.isGemma() ? "gelu_pytorch_tanh" : "silu");
        boolean gemma2 = family == DecoderFamily.GEMMA2;
        double queryScalar = gemma2 ? json.path("query_pre_attn_scalar").asDouble(256) : headDim;
        return new DecoderConfig(family, requiredInt(json, "vocab_size"), hidden, layers, heads, keyValueHeads,
                headDim, requiredInt(json, "intermediate_size"), activation,
                (float) json.path("rms_norm_eps").asDouble(1e-6), json.path("max_position_embeddings").asInt(2048),
                ropeTheta(json), RopeScaling.of(json), attentionBias, attentionBias && !qwen,
                json.path("mlp_bias").asBoolean(false), tied(json, family), false, slidingWindows(family, json, layers),
                json.path("bos_token_id").asInt(1), tokenIds(json.path("eos_token_id"), 2),
                json.path("pad_token_id").asInt(-1), Math.pow(queryScalar, -0.5),
                gemma2 ? capOf(json, "attn_logit_softcapping", 50.0) : 0,
                gemma2 ? capOf(json, "final_logit_softcapping", 30.0) : 0, json);
    }

    /** A soft cap from the config: its default when absent, 0 (none) when null. */
    private static double capOf(JsonNode json, String key, double fallback) {
        JsonNode value = json.get(key);
        return value == null ? fallback : value.isNumber() ? value.asDouble() : 0;
    }

    private static double ropeTheta(JsonNode json) {
        if (json.path("rope_theta").isNumber()) {
            return json.get("rope_theta").asDouble();
        }
        return json.path("rope_parameters").path("rope_theta").asDouble(10000.0);
    }

    private static boolean tied(JsonNode json, DecoderFamily family) {
        return json.path("tie_word_embeddings").asBoolean(family.tiedByDefault());
    }

    /**
     * Mistral: one window for every layer. Qwen2: {@code layer_types} says which layers slide (when absent, as
     * Qwen2Config derives it: with use_sliding_window, the layers from max_window_layers on).
     */
    private static List<Integer> slidingWindows(DecoderFamily family, JsonNode json, int layers) {
        int window = json.path("sliding_window").isInt() ? json.get("sliding_window").asInt() : 0;
        if (family == DecoderFamily.GEMMA2) {
            // As Gemma2Config: layer_types if given, else sliding and full attention alternate from layer 0.
            int gemmaWindow = json.path("sliding_window").isInt() ? window : 4096;
            JsonNode types = json.path("layer_types");
            List<Integer> windows = new ArrayList<>();
            for (int layer = 0; layer < layers; layer++) {
                boolean sliding = types.isArray() && types.size() == layers
                        ? "sliding_attention".equals(types.get(layer).asText()) : layer % 2 == 0;
                windows.add(sliding ? gemmaWindow : 0);
            }
            return windows;
        }
        if (family == DecoderFamily.MISTRAL) {
            return Collections.nCopies(layers, window);
        }
        if (family != DecoderFamily.QWEN2) {
            return noWindows(layers);
        }
        if (!json.path("use_sliding_window").asBoolean(false)) {
            window = 0;
        }
        JsonNode types = json.path("layer_types");
        int firstSliding = json.path("max_window_layers").asInt(28);
        List<Integer> windows = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            boolean sliding = types.isArray() && types.size() == layers
                    ? "sliding_attention".equals(types.get(layer).asText())
                    : window > 0 && layer >= firstSliding;
            windows.add(sliding ? window : 0);
        }
        return windows;
    }

    private static List<Integer> noWindows(int layers) {
        return Collections.nCopies(layers, 0);
    }

    private static List<Integer> tokenIds(JsonNode node, int fallback) {
        if (node.isArray()) {
            List<Integer> ids = new ArrayList<>();
            node.forEach(id -> ids.add(id.asInt()));
            return ids;
        }
        return List.of(node.isInt() ? node.asInt() : fallback);
    }

    private static int requiredInt(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return value.asInt();
    }

    /** This config with another vocabulary size, as after switching to an embedding of another vocabulary. */
    public DecoderConfig withVocabSize(int rows) {
        return new DecoderConfig(family, rows, hiddenSize, numHiddenLayers, numAttentionHeads, keyValueHeads, headDim,
                intermediateSize, hiddenAct, normEps, maxPositionEmbeddings, ropeTheta, ropeScaling, attentionBias,
                outputBias, mlpBias, tieWordEmbeddings, scaleAttentionByInverseLayerIndex, slidingWindows,
                bosTokenId, eosTokenIds, padTokenId, attentionScale, attentionSoftCap, logitSoftCap, raw);
    }
}
