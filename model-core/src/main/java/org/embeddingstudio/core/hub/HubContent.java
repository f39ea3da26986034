package org.embeddingstudio.core.hub;

/** What a download is for, which decides the files it fetches from a repository. */
public enum HubContent {
    /** {@code config.json}, the weights (safetensors preferred, shards included) and the tokenizer files. */
    MODEL,
    /** The tokenizer files only (and {@code config.json} when there is one: tokenizers read the model type). */
    TOKENIZER
}
