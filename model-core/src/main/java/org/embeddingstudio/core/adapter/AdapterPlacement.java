package org.embeddingstudio.core.adapter;

import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderFamily;
import org.embeddingstudio.core.transformer.BertConfig;
import org.embeddingstudio.core.transformer.ResidualHook.Location;

/**
 * Where a model's bottleneck adapters sit and what {@code adapters} calls their parameters: BERT-family encoders
 * keep them in the layer's output modules ({@code encoder.layer.N.attention.output.adapters.NAME.…}), decoders in
 * the block's {@code attention_adapters} / {@code output_adapters} ({@code layers.N.output_adapters.adapters.NAME.…}
 * for the Llama family, {@code h.N.…} for GPT-2), as {@code adapters}' model mixins place them. Names here are
 * without the base-model prefix; {@link #parameterPrefix()} is what a saved adapter puts before them.
 *
 * @param modelType       the {@code model_type} an adapter saved for this model records
 * @param modelClass      the {@code model_class} it records ({@code BertAdapterModel}, {@code LlamaForCausalLM}, …)
 * @param parameterPrefix the base-model prefix of saved parameter names ("bert.", "model.", "transformer.")
 * @param hiddenSize      the width adapters project down from and back to
 * @param layers          how many layers hold an adapter
 * @param robertaKin      whether an adapter saved for another RoBERTa-like type fits (same layout, same names)
 */
public record AdapterPlacement(String modelType, String modelClass, String parameterPrefix, int hiddenSize,
                               int layers, String layerPath, String attentionModule, String outputModule,
                               boolean robertaKin) {

    /** A BERT-family encoder: adapters where the layer adds and normalises, after attention and feed-forward. */
    public static AdapterPlacement of(BertConfig model) {
        return new AdapterPlacement(model.architecture().modelType(), model.architecture().adapterModelClass(),
                model.architecture().parameterPrefix(), model.hiddenSize(), model.numHiddenLayers(),
                "encoder.layer.", "attention.output.adapters.", "output.adapters.",
                model.architecture().positionsFollowPadding());
    }

    /**
     * A decoder: adapters on each sublayer's output before the residual adds it, with no layer norm (the
     * blocks normalise before their sublayers), as {@code adapters}' GPT-2 and Llama blocks call
     * {@code attention_adapters(attn_output, residual, None)} and {@code output_adapters(mlp_output, residual, None)}.
     */
    public static AdapterPlacement of(DecoderConfig model) {
        DecoderFamily family = model.family();
        String prefix = family.parameterPrefix();
        return new AdapterPlacement(family.modelType(), family.causalLmClass(), prefix, model.hiddenSize(),
                model.numHiddenLayers(), family.isGpt2() ? "h." : "layers.", "attention_adapters.adapters.",
                "output_adapters.adapters.", false);
    }

    /** The prefix of one adapter's parameters at one place, e.g. {@code layers.3.output_adapters.adapters.lang.}. */
    public String prefix(int layer, Location location, String name) {
        return layerPath + layer + "." + (location == Location.ATTENTION_OUTPUT ? attentionModule : outputModule)
                + name + ".";
    }

    /** Whether an adapter saved for a model of {@code type} has this model's layout. */
    public boolean fits(String type) {
        return type.equals(modelType) || robertaKin && type.contains("roberta");
    }
}
