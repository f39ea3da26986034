package org.embeddingstudio.core.model;

import org.embeddingstudio.core.transformer.Architecture;

import java.util.Map;

/**
 * Where each parameter of a Hugging Face checkpoint goes: the base model, the word embeddings, or the masked-LM
 * head. Checkpoints name the same parameter several ways — with or without the {@code bert.}/{@code roberta.}
 * prefix, old TensorFlow-converted ones with LayerNorm {@code gamma}/{@code beta} — so names are normalised first.
 */
final class CheckpointLayout {
    /** Which part of the model a checkpoint parameter belongs to. */
    enum Part { BASE, WORD_EMBEDDINGS, MLM_HEAD, MLM_BIAS, TIED_DECODER, OTHER }

    /** A checkpoint parameter's destination and its name there. */
    record Destination(Part part, String name) {
    }

    private static final Map<String, String> ROBERTA_HEAD = Map.of(
            "lm_head.dense.weight", "transform.dense.weight",
            "lm_head.dense.bias", "transform.dense.bias",
            "lm_head.layer_norm.weight", "transform.LayerNorm.weight",
            "lm_head.layer_norm.bias", "transform.LayerNorm.bias");

    private CheckpointLayout() {
    }

    static Destination locate(String checkpointName, Architecture architecture) {
        String name = checkpointName.replace("LayerNorm.gamma", "LayerNorm.weight")
                .replace("LayerNorm.beta", "LayerNorm.bias");
        String prefix = architecture.parameterPrefix();
        if (name.startsWith(prefix)) {
            name = name.substring(prefix.length());
        }
        if (name.equals("embeddings.word_embeddings.weight")) {
            return new Destination(Part.WORD_EMBEDDINGS, name);
        }
        if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")) {
            return new Destination(Part.BASE, name);
        }
        if (name.equals("cls.predictions.bias") || name.equals("lm_head.bias")) {
            return new Destination(Part.MLM_BIAS, name);
        }
        if (name.equals("cls.predictions.decoder.weight") || name.equals("lm_head.decoder.weight")
                || name.equals("cls.predictions.decoder.bias") || name.equals("lm_head.decoder.bias")) {
            return new Destination(Part.TIED_DECODER, name);
        }
        if (name.startsWith("cls.predictions.")) {
            return new Destination(Part.MLM_HEAD, name.substring("cls.predictions.".length()));
        }
        String roberta = ROBERTA_HEAD.get(name);
        if (roberta != null) {
            return new Destination(Part.MLM_HEAD, roberta);
        }
        return new Destination(Part.OTHER, name);
    }
}
