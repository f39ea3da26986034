package org.embeddingstudio.core.embedding;

/** Which weight files {@code saveEmbeddings} writes. */
public enum EmbeddingFormat {
    /** {@code embedding.pt}, exactly as {@code adapters} writes it: what Python's {@code load_embeddings} reads. */
    PT,
    /** {@code embedding.safetensors}: no pickle, memory-mappable. */
    SAFETENSORS,
    /** Both files. */
    BOTH;

    boolean writesPt() {
        return this != SAFETENSORS;
    }

    boolean writesSafetensors() {
        return this != PT;
    }
}
