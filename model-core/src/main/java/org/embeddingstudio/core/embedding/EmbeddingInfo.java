package org.embeddingstudio.core.embedding;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A consistent snapshot of one named embedding, safe to hand to another thread (a UI): no arrays, only facts.
 *
 * @param tokenizerSource where its tokenizer came from, or empty when it has none
 * @param tokenizerSize   tokens in its tokenizer (0 when it has none)
 * @param pair            whether it has output rows of its own besides its input rows (a decoder with an untied
 *                        head); otherwise one matrix serves both sides
 */
public record EmbeddingInfo(String name, boolean active, int rows, int dimension, EmbeddingOrigin origin,
                            Map<RowOrigin, Integer> rowOrigins, String tokenizerSource, int tokenizerSize,
                            boolean unsavedTraining, Optional<Path> savedAt, boolean pair) {
    public EmbeddingInfo {
        rowOrigins = Map.copyOf(rowOrigins);
    }

    public boolean isDefault() {
        return EmbeddingRegistry.DEFAULT.equals(name);
    }

    static EmbeddingInfo of(String name, boolean active, TokenEmbedding embedding) {
        return new EmbeddingInfo(name, active, embedding.rows(), embedding.dimension(), embedding.origin(),
                embedding.rowOriginCounts(), embedding.tokenizer().map(t -> t.source()).orElse(""),
                embedding.tokenizer().map(t -> t.vocabulary().size()).orElse(0), embedding.hasUnsavedTraining(),
                embedding.savedAt(), embedding.outputRows().isPresent());
    }
}
