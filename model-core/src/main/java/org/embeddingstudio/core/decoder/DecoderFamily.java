package org.embeddingstudio.core.decoder;

import java.util.Arrays;
import java.util.Optional;

/**
 * The decoder-only architectures this project runs, keyed by the {@code model_type} of a Hugging Face config.
 * Llama, Mistral and Qwen2 are one implementation driven by the config (as their transformers modeling files are
 * copies of Llama's); Gemma differs in three places that the config cannot express, which {@link #isGemma()} marks,
 * and Gemma 2 in its norms besides ({@link #normalisesSublayerOutputs()}) and the soft-capping its config gives.
 */
public enum DecoderFamily {
    GPT2("gpt2", "GPT2LMHeadModel", "transformer.", true),
    LLAMA("llama", "LlamaForCausalLM", "model.", false),
    MISTRAL("mistral", "MistralForCausalLM", "model.", false),
    QWEN2("qwen2", "Qwen2ForCausalLM", "model.", false),
    GEMMA("gemma", "GemmaForCausalLM", "model.", true),
    GEMMA2("gemma2", "Gemma2ForCausalLM", "model.", true);

    private final String modelType;
    private final String causalLmClass;
    private final String parameterPrefix;
    private final boolean tiedByDefault;

    DecoderFamily(String modelType, String causalLmClass, String parameterPrefix, boolean tiedByDefault) {
        this.modelType = modelType;
        this.causalLmClass = causalLmClass;
        this.parameterPrefix = parameterPrefix;
        this.tiedByDefault = tiedByDefault;
    }

    /** The {@code model_type} string of config.json. */
    public String modelType() {
        return modelType;
    }

    /** The transformers class of the causal LM ({@code LlamaForCausalLM}, …), as saved adapters record it. */
    public String causalLmClass() {
        return causalLmClass;
    }

    /** The prefix of base-model parameters in the causal-LM checkpoint ("transformer.", "model."). */
    public String parameterPrefix() {
        return parameterPrefix;
    }

    /** {@code tie_word_embeddings} when the config leaves it out: each config class has its own default. */
    boolean tiedByDefault() {
        return tiedByDefault;
    }

    /** GPT-2's blocks (Conv1D, fused c_attn, learned positions) rather than the Llama family's. */
    public boolean isGpt2() {
        return this == GPT2;
    }

    /** Gemma and Gemma 2: embeddings scaled by √hidden, (1 + w) RMSNorm, GeGLU. */
    public boolean isGemma() {
        return this == GEMMA || this == GEMMA2;
    }

    /**
     * Gemma 2's sandwich: each sublayer's output is normalised before the residual adds it (post-attention and
     * post-feed-forward norms), and the feed-forward input by a norm of its own.
     */
    public boolean normalisesSublayerOutputs() {
        return this == GEMMA2;
    }

    public static Optional<DecoderFamily> ofModelType(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelType.equals(modelType)).findFirst();
    }

    /** The model types of {@link #values()}, for messages. */
    public static String supportedModelTypes() {
        return String.join(", ", Arrays.stream(values()).map(DecoderFamily::modelType).toList());
    }
}
