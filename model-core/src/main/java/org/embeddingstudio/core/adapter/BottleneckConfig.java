package org.embeddingstudio.core.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Set;

/**
 * A bottleneck adapter's configuration, with the field names and meanings of {@code adapters}' {@code BnConfig}.
 * Two presets: {@link #seqBn()} (Pfeiffer et al. 2020, https://arxiv.org/abs/2005.00247: after the feed-forward
 * output, reduction factor 16, ReLU) and {@link #doubleSeqBn()} (Houlsby et al. 2019,
 * https://arxiv.org/abs/1902.00751: after attention and after the feed-forward output, swish).
 */
public record BottleneckConfig(boolean mhAdapter, boolean outputAdapter, double reductionFactor,
                               String nonLinearity, boolean originalLnBefore, boolean originalLnAfter,
                               boolean residualBeforeLn, double scaling) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BottleneckConfig {
        if (!(reductionFactor > 0)) {
            throw new IllegalArgumentException("reduction_factor must be positive, got " + reductionFactor);
        }
        if (!mhAdapter && !outputAdapter) {
            throw new IllegalArgumentException("an adapter needs mh_adapter or output_adapter");
        }
        nonLinearity = nonLinearity.toLowerCase(Locale.ROOT);
        if (!Set.of("relu", "swish", "silu", "gelu", "tanh").contains(nonLinearity)) {
            throw new IllegalArgumentException("non_linearity '" + nonLinearity + "' is not supported");
        }
    }

    /** {@code adapters}' {@code SeqBnConfig} ("seq_bn", the Pfeiffer adapter). */
    public static BottleneckConfig seqBn() {
        return new BottleneckConfig(false, true, 16, "relu", true, true, true, 1.0);
    }

    /** {@code adapters}' {@code DoubleSeqBnConfig} ("double_seq_bn", the Houlsby adapter). */
    public static BottleneckConfig doubleSeqBn() {
        return new BottleneckConfig(true, true, 16, "swish", false, true, true, 1.0);
    }

    public BottleneckConfig withReductionFactor(double factor) {
        return new BottleneckConfig(mhAdapter, outputAdapter, factor, nonLinearity, originalLnBefore,
                originalLnAfter, residualBeforeLn, scaling);
    }

    /** The bottleneck width for a given hidden size: {@code hidden_size // reduction_factor}, as adapters does. */
    public int bottleneckSize(int hiddenSize) {
        return Math.max(1, (int) (hiddenSize / reductionFactor));
    }

    /** The full {@code BnConfig} dictionary as {@code adapters} writes it into {@code adapter_config.json}. */
    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("adapter_residual_before_ln", false);
        json.put("cross_adapter", false);
        json.put("dropout", 0.0);
        json.put("factorized_phm_W", true);
        json.put("factorized_phm_rule", false);
        json.putNull("hypercomplex_nonlinearity");
        json.put("init_weights", "bert");
        json.putNull("init_weights_seed");
        json.putNull("inv_adapter");
        json.putNull("inv_adapter_reduction_factor");
        json.put("is_parallel", false);
        json.put("learn_phm", true);
        json.putArray("leave_out");
        json.put("ln_after", false);
        json.put("ln_before", false);
        json.put("mh_adapter", mhAdapter);
        json.put("non_linearity", nonLinearity);
        json.put("original_ln_after", originalLnAfter);
        json.put("original_ln_before", originalLnBefore);
        json.put("output_adapter", outputAdapter);
        json.put("phm_bias", true);
        json.put("phm_c_init", "normal");
        json.put("phm_dim", 4);
        json.put("phm_init_range", 0.0001);
        json.put("phm_layer", false);
        json.put("phm_rank", 1);
        json.put("reduction_factor", reductionFactor);
        json.put("residual_before_ln", residualBeforeLn);
        json.put("scaling", scaling);
        json.put("shared_W_phm", false);
        json.put("shared_phm_rule", true);
        json.put("stochastic_depth", 0.0);
        json.put("use_gating", false);
        return json;
    }

    /** Reads a {@code BnConfig} dictionary; refuses the features this project does not implement. */
    public static BottleneckConfig fromJson(JsonNode json) {
        for (String flag : new String[]{"ln_before", "ln_after", "adapter_residual_before_ln", "use_gating",
                "phm_layer", "is_parallel", "cross_adapter"}) {
            if (json.path(flag).asBoolean(false)) {
                throw new IllegalArgumentException("adapter option '" + flag + "' is not supported");
            }
        }
        if (json.hasNonNull("inv_adapter")) {
            throw new IllegalArgumentException("invertible adapters are not supported");
        }
        if (json.path("leave_out").size() > 0) {
            throw new IllegalArgumentException("adapter option 'leave_out' is not supported");
        }
        JsonNode residual = json.path("residual_before_ln");
        if (residual.isTextual()) {
            throw new IllegalArgumentException("residual_before_ln '" + residual.asText() + "' is not supported");
        }
        JsonNode scaling = json.path("scaling");
        if (!scaling.isMissingNode() && !scaling.isNumber()) {
            throw new IllegalArgumentException("scaling '" + scaling.asText() + "' is not supported (numbers only)");
        }
        return new BottleneckConfig(json.path("mh_adapter").asBoolean(false),
                json.path("output_adapter").asBoolean(true),
                json.path("reduction_factor").asDouble(16),
                json.path("non_linearity").asText("relu"),
                json.path("original_ln_before").asBoolean(false),
                json.path("original_ln_after").asBoolean(true),
                residual.asBoolean(true),
                scaling.asDouble(1.0));
    }
}
