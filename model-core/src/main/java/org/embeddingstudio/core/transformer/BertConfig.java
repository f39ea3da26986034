package org.embeddingstudio.core.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.ModelConfigFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The hyper-parameters of a BERT-family model, as in a Hugging Face {@code config.json}. Every block of the model
 * reads this one immutable value. {@link #raw()} keeps every key of the original file, so exporting a model
 * writes back what it read, with only the keys that changed.
 */
public record BertConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float layerNormEps,
        int padTokenId,
        float initializerRange,
        ObjectNode raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BertConfig {
        if (hiddenSize <= 0 || numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " must be a positive multiple of num_attention_heads " + numAttentionHeads);
        }
        if (vocabSize <= 0 || numHiddenLayers < 0 || intermediateSize <= 0 || maxPositionEmbeddings <= 0
                || typeVocabSize <= 0) {
            throw new IllegalArgumentException("sizes in a config must be positive");
        }
        // The limits torch's Dropout and LayerNorm enforce when transformers builds the model from a config.
        if (!(hiddenDropoutProb >= 0 && hiddenDropoutProb <= 1 && attentionProbsDropoutProb >= 0
                && attentionProbsDropoutProb <= 1)) {
            throw new IllegalArgumentException("dropout probabilities must lie between 0 and 1, not "
                    + hiddenDropoutProb + " and " + attentionProbsDropoutProb);
        }
        if (!(layerNormEps > 0 && Float.isFinite(layerNormEps))) {
            throw new IllegalArgumentException("layer_norm_eps must be a small positive number, not " + layerNormEps);
        }
        if (!(initializerRange >= 0 && Float.isFinite(initializerRange))) {
            throw new IllegalArgumentException("initializer_range must be a non-negative number, not "
                    + initializerRange);
        }
        if (!"gelu".equals(hiddenAct)) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported (only gelu)");
        }
        raw = raw == null ? JSON.createObjectNode() : raw.deepCopy();
    }

    /** A small BERT for tests and demos; values as Hugging Face's {@code BertConfig} defaults unless given. */
    public static BertConfig of(Architecture architecture, int vocabSize, int hiddenSize, int layers, int heads,
                                int intermediateSize, int maxPositions) {
        boolean roberta = architecture.positionsFollowPadding();
        return new BertConfig(architecture, vocabSize, hiddenSize, layers, heads, intermediateSize, "gelu", 0.1f, 0.1f,
                maxPositions, roberta ? 1 : 2, roberta ? 1e-5f : 1e-12f, roberta ? 1 : 0, 0.02f, null);
    }

    /** Size of one head: {@code hidden_size / num_attention_heads}. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** Reads {@code config.json}; missing optional keys take Hugging Face's defaults. */
    public static BertConfig read(Path file) throws IOException {
        return ModelConfigFile.read(file, BertConfig::fromJson);
    }

    static BertConfig fromJson(ObjectNode json) {
        BertConfig config = fromJsonUnchecked(json);
        if (config.padTokenId() < 0 || config.padTokenId() >= config.vocabSize()) {
            // nn.Embedding refuses such a padding_idx; we would index outside the word embeddings.
            throw new IllegalArgumentException("pad_token_id " + config.padTokenId() + " is outside the vocabulary of "
                    + config.vocabSize());
        }
        return config;
    }

    private static BertConfig fromJsonUnchecked(ObjectNode json) {
        String modelType = json.path("model_type").asText("bert");
        Architecture architecture = Architecture.ofModelType(modelType).orElseThrow(() ->
                new IllegalArgumentException("model_type '" + modelType + "' is not supported here; "
                        + "supported: bert, roberta, xlm-roberta"));
        boolean roberta = architecture.positionsFollowPadding();
        String positionType = json.path("position_embedding_type").asText("absolute");
        if (!"absolute".equals(positionType)) {
            throw new IllegalArgumentException("position_embedding_type '" + positionType + "' is not supported");
        }
        return new BertConfig(architecture,
                requiredInt(json, "vocab_size"),
                requiredInt(json, "hidden_size"),
                requiredInt(json, "num_hidden_layers"),
                requiredInt(json, "num_attention_heads"),
                requiredInt(json, "intermediate_size"),
                json.path("hidden_act").asText("gelu"),
                (float) json.path("hidden_dropout_prob").asDouble(0.1),
                (float) json.path("attention_probs_dropout_prob").asDouble(0.1),
                json.path("max_position_embeddings").asInt(512),
                json.path("type_vocab_size").asInt(2),
                (float) json.path("layer_norm_eps").asDouble(roberta ? 1e-5 : 1e-12),
                json.path("pad_token_id").asInt(roberta ? 1 : 0),
                (float) json.path("initializer_range").asDouble(0.02),
                json);
    }

    private static int requiredInt(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return value.asInt();
    }

    /** This config with another vocabulary size, as after switching to an embedding of another vocabulary. */
    public BertConfig withVocabSize(int newVocabSize) {
        return new BertConfig(architecture, newVocabSize, hiddenSize, numHiddenLayers, numAttentionHeads,
                intermediateSize, hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings,
                typeVocabSize, layerNormEps, padTokenId, initializerRange, raw);
    }

    /** This config with the given dropout probabilities (hidden and attention). */
    public BertConfig withDropout(float hidden, float attention) {
        return new BertConfig(architecture, vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads,
                intermediateSize, hiddenAct, hidden, attention, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                padTokenId, initializerRange, raw);
    }

    /** The config as Hugging Face JSON: every key read from the original file, with this record's values on top. */
    public ObjectNode toJson() {
        ObjectNode json = raw.deepCopy();
        json.put("model_type", architecture.modelType());
        json.put("vocab_size", vocabSize);
        json.put("hidden_size", hiddenSize);
        json.put("num_hidden_layers", numHiddenLayers);
        json.put("num_attention_heads", numAttentionHeads);
        json.put("intermediate_size", intermediateSize);
        json.put("hidden_act", hiddenAct);
        json.put("hidden_dropout_prob", hiddenDropoutProb);
        json.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        json.put("max_position_embeddings", maxPositionEmbeddings);
        json.put("type_vocab_size", typeVocabSize);
        json.put("layer_norm_eps", layerNormEps);
        json.put("pad_token_id", padTokenId);
        json.put("initializer_range", initializerRange);
        return json;
    }
}
