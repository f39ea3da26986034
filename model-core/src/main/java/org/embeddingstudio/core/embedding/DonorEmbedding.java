package org.embeddingstudio.core.embedding;

import java.util.Objects;

/**
 * An embedding made for the <em>new</em> tokenizer (e.g. the input embedding of a model pre-trained with it), which
 * {@link InitStrategy#OMP} uses to express new tokens through shared ones. Its dimension may differ from the
 * reference's.
 *
 * @param embedding its rows; when it has a tokenizer, rows are matched to the new vocabulary by token string,
 *                  otherwise row i is the new tokenizer's token i
 * @param source    where it came from, recorded in the sidecar
 */
public record DonorEmbedding(TokenEmbedding embedding, String source) {
    public DonorEmbedding {
        Objects.requireNonNull(embedding, "embedding");
        source = source == null ? "" : source;
    }
}
