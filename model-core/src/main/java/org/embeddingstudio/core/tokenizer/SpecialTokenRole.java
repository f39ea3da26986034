package org.embeddingstudio.core.tokenizer;

import java.util.Locale;

/**
 * The jobs a special token can have, named as in Hugging Face's {@code special_tokens_map.json}
 * ({@code cls_token}, {@code sep_token}, …). One token string may have several roles (GPT-2 uses
 * {@code <|endoftext|>} as BOS, EOS and UNK).
 */
public enum SpecialTokenRole {
    /** Classification token that starts a BERT input ({@code [CLS]}). */
    CLS,
    /** Separator after each text of a BERT input ({@code [SEP]}). */
    SEP,
    /** Padding that fills a batch to one length ({@code [PAD]}, {@code <pad>}). */
    PAD,
    /** Stands for anything the vocabulary cannot spell ({@code [UNK]}, {@code <unk>}). */
    UNK,
    /** The token masked-language-model training predicts ({@code [MASK]}, {@code <mask>}). */
    MASK,
    /** Beginning of a sequence ({@code <s>}, {@code <|startoftext|>}). */
    BOS,
    /** End of a sequence ({@code </s>}, {@code <|endoftext|>}). */
    EOS;

    /** This role's key in {@code special_tokens_map.json} and {@code tokenizer_config.json}: {@code "pad_token"}. */
    public String configKey() {
        return name().toLowerCase(Locale.ROOT) + "_token";
    }
}
