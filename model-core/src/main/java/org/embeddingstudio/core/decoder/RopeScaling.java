package org.embeddingstudio.core.decoder;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * How rotary position embeddings stretch past the context a model was trained on, as a config's
 * {@code rope_scaling} (or, in newer configs, {@code rope_parameters}) describes it; transformers'
 * {@code modeling_rope_utils.py} defines the types.
 *
 * @param type                         default, linear, dynamic or llama3
 * @param factor                       how far the context is stretched (1 for default)
 * @param lowFreqFactor                llama3 only
 * @param highFreqFactor               llama3 only
 * @param originalMaxPositionEmbeddings llama3: the context before scaling
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {
    static final List<String> SUPPORTED = List.of("default", "linear", "dynamic", "llama3");
    static final RopeScaling NONE = new RopeScaling("default", 1, 0, 0, 0);

    public RopeScaling {
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("RoPE scaling type '" + type + "' is not supported (supported: "
                    + String.join(", ", SUPPORTED) + ")");
        }
        if (!"default".equals(type) && !(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("rope_scaling factor must be a positive number, not " + factor);
        }
        if ("llama3".equals(type) && (originalMaxPositionEmbeddings <= 0 || !(highFreqFactor > lowFreqFactor))) {
            throw new IllegalArgumentException("llama3 RoPE scaling needs original_max_position_embeddings > 0 and"
                    + " high_freq_factor > low_freq_factor");
        }
    }

    /** Reads {@code rope_scaling} or {@code rope_parameters}; absent or null means no scaling. */
    static RopeScaling of(JsonNode json) {
        JsonNode node = json.path("rope_scaling");
        if (!node.isObject()) {
            node = json.path("rope_parameters");
        }
        if (!node.isObject()) {
            return NONE;
        }
        // "type" is the older spelling of "rope_type" (transformers still reads both).
        String type = node.path("rope_type").asText(node.path("type").asText("default"));
        return new RopeScaling(type, node.path("factor").asDouble(1), node.path("low_freq_factor").asDouble(0),
                node.path("high_freq_factor").asDouble(0), node.path("original_max_position_embeddings").asInt(0));
    }
}
