package org.embeddingstudio.core.embedding;

import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One named embedding as it was when the snapshot was taken, without its arrays: safe to keep and to read on any
 * thread while the model changes. Unlike {@link EmbeddingInfo}, which lists embeddings, it keeps the tokenizer and
 * the origin of every row, for inspecting single tokens.
 *
 * <p>The tokenizer is the embedding's own (tokenizers are immutable and thread-safe; deleting the embedding does
 * not close it).
 */
public final class EmbeddingSnapshot {
    private final String name;
    private final int rows;
    private final int dimension;
    private final Tokenizer tokenizer;
    private final EmbeddingOrigin origin;
    private final byte[] rowOrigins;
    private final Map<RowOrigin, Integer> rowOriginCounts;
    private final boolean unsavedTraining;
    private final Path savedAt;

    private EmbeddingSnapshot(String name, TokenEmbedding embedding) {
        this.name = name;
        this.rows = embedding.rows();
        this.dimension = embedding.dimension();
        this.tokenizer = embedding.tokenizer().orElse(null);
        this.origin = embedding.origin();
        this.rowOrigins = embedding.rowOriginCodes();
        this.rowOriginCounts = Map.copyOf(embedding.rowOriginCounts());
        this.unsavedTraining = embedding.hasUnsavedTraining();
        this.savedAt = embedding.savedAt().orElse(null);
    }

    static EmbeddingSnapshot of(String name, TokenEmbedding embedding) {
        return new EmbeddingSnapshot(name, embedding);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int dimension() {
        return dimension;
    }

    /** The tokenizer the embedding was made for, if known. */
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    public EmbeddingOrigin origin() {
        return origin;
    }

    public RowOrigin rowOrigin(int row) {
        return RowOrigin.ofCode(rowOrigins[row]);
    }

    /** A copy of the per-row origin codes. */
    public byte[] rowOriginCodes() {
        return rowOrigins.clone();
    }

    /** How many rows have each origin. */
    public Map<RowOrigin, Integer> rowOriginCounts() {
        return rowOriginCounts;
    }

    /** Whether training had changed the embedding since it was last saved or loaded. */
    public boolean hasUnsavedTraining() {
        return unsavedTraining;
    }

    /** The folder the embedding had last been saved to or loaded from. */
    public Optional<Path> savedAt() {
        return Optional.ofNullable(savedAt);
    }

    @Override
    public String toString() {
        return "EmbeddingSnapshot[" + name + ", " + rows + " × " + dimension + "]";
    }
}
