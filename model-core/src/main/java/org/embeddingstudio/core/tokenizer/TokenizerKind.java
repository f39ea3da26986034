package org.embeddingstudio.core.tokenizer;

/** The subword model of a tokenizer, as named by {@code model.type} in a Hugging Face tokenizer.json. */
public enum TokenizerKind {
    /** BERT-style greedy longest-match-first; continuation pieces carry a prefix such as {@code "##"}. */
    WORDPIECE("WordPiece"),
    /** Byte-pair encoding (GPT-2, RoBERTa, CLIP): a vocabulary plus an ordered list of merges. */
    BPE("BPE"),
    /** SentencePiece unigram language model (T5, XLM-R): pieces with log-probability scores, id = position. */
    UNIGRAM("Unigram");

    private final String jsonType;

    TokenizerKind(String jsonType) {
        this.jsonType = jsonType;
    }

    /** The value of {@code model.type} in tokenizer.json for this kind. */
    public String jsonType() {
        return jsonType;
    }

    /** The kind whose {@code model.type} is {@code type}, or {@code null} when no supported kind has that name. */
    static TokenizerKind fromJsonType(String type) {
        for (TokenizerKind kind : values()) {
            if (kind.jsonType.equals(type)) {
                return kind;
            }
        }
        return null;
    }
}
