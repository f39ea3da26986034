package org.embeddingstudio.core.tokenizer;

/**
 * The jobs a special token can have, named as in Hugging Face's {@code special_tokens_map.json}
 * ({@code cls_token}, {@code sep_token}, …). One token string may have several roles (GPT-2 uses
 * {@code <|endoftext|>} as BOS, EOS and UNK).
 */
public enum SpecialTokenRole {
    CLS, SEP, PAD, UNK, MASK, BOS, EOS;

    /** The key of this role in {@code special_tokens_map.json} and {@code tokenizer_config.json}, e.g. {@code "pad_token"}. */
    public String configKey() {
        return name().toLowerCase(java.util.Locale.ROOT) + "_token";
    }
}
