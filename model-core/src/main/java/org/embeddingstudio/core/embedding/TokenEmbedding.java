package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One named token-embedding matrix with everything that belongs to it: the (V, D) weight, the masked-LM output
 * bias over its vocabulary (adapters keeps one bias for all embeddings; here each vocabulary has its own, so
 * switching back gives back exactly the original outputs), the tokenizer it was made for, and where each row came
 * from. It owns its native memory: closing it frees the matrix.
 */
public final class TokenEmbedding implements AutoCloseable {
    private final NDManager manager;
    private NDArray weight;
    private NDArray outputBias;
    private final NDArray outputRows;
    private final Tokenizer tokenizer;
    private final EmbeddingOrigin origin;
    private final byte[] rowOrigins;
    // Counted once per change rather than per call: views ask for it on every refresh, on the UI thread, and a
    // 250 000-row embedding took milliseconds each time.
    private volatile Map<RowOrigin, Integer> rowOriginCounts;
    private boolean unsavedTraining;
    private Path savedAt;
    // Guarded by this object's monitor (not the model's lock: a lease is let go of without it).
    private int leases;
    private boolean closed;

    /**
     * @param manager    a manager this embedding owns (closed with it); weight and bias are attached to it
     * @param weight     (V, D)
     * @param outputBias (V)
     * @param rowOrigins one {@link RowOrigin} code per row
     */
    public TokenEmbedding(NDManager manager, NDArray weight, NDArray outputBias, Tokenizer tokenizer,
                          EmbeddingOrigin origin, byte[] rowOrigins) {
        this(manager, weight, outputBias, null, tokenizer, origin, rowOrigins);
    }

    /**
     * An embedding pair of a decoder whose head is not tied to its input embeddings: {@code outputRows} (V, D) score
     * the next token over this vocabulary, as {@code lm_head.weight} does.
     *
     * @param outputRows (V, D), or null for an embedding whose matrix serves both sides (tied, or an encoder's)
     */
    public TokenEmbedding(NDManager manager, NDArray weight, NDArray outputBias, NDArray outputRows,
                          Tokenizer tokenizer, EmbeddingOrigin origin, byte[] rowOrigins) {
        long rows = weight.getShape().get(0);
        if (outputRows != null && !outputRows.getShape().equals(weight.getShape())) {
            throw new IllegalArgumentException("output rows " + outputRows.getShape() + " must have the input rows' "
                    + "shape " + weight.getShape());
        }
        if (weight.getShape().dimension() != 2 || outputBias.getShape().dimension() != 1
                || outputBias.getShape().get(0) != rows || rowOrigins.length != rows) {
            throw new IllegalArgumentException("an embedding needs a (V, D) weight, a (V) bias and V row origins; got "
                    + weight.getShape() + ", " + outputBias.getShape() + " and " + rowOrigins.length);
        }
        this.manager = manager;
        this.weight = weight;
        this.outputBias = outputBias;
        this.outputRows = outputRows;
        weight.attach(manager);
        outputBias.attach(manager);
        if (outputRows != null) {
            outputRows.attach(manager);
        }
        this.tokenizer = tokenizer;
        this.origin = origin;
        this.rowOrigins = rowOrigins.clone();
        this.rowOriginCounts = countOrigins(this.rowOrigins);
    }

    /** The (V, D) matrix. */
    public NDArray weight() {
        return weight;
    }

    /** A decoder's own output rows (V, D) when its head is not tied; empty when the weight serves both sides. */
    public Optional<NDArray> outputRows() {
        return Optional.ofNullable(outputRows);
    }

    /** The masked-LM output bias over this vocabulary, (V). */
    public NDArray outputBias() {
        return outputBias;
    }

    public int rows() {
        return Math.toIntExact(weight.getShape().get(0));
    }

    public int dimension() {
        return Math.toIntExact(weight.getShape().get(1));
    }

    /** The tokenizer this embedding was made for, if known: everything that encodes text for it uses this one. */
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

    private static Map<RowOrigin, Integer> countOrigins(byte[] origins) {
        int[] perCode = new int[256];
        for (byte code : origins) {
            perCode[code & 0xff]++;
        }
        Map<RowOrigin, Integer> counts = new EnumMap<>(RowOrigin.class);
        for (int code = 0; code < perCode.length; code++) {
            if (perCode[code] > 0) {
                counts.merge(RowOrigin.ofCode((byte) code), perCode[code], Integer::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Whether training changed this embedding since it was last saved or loaded. */
    public boolean hasUnsavedTraining() {
        return unsavedTraining;
    }

    /** The folder this embedding was last saved to or loaded from. */
    public Optional<Path> savedAt() {
        return Optional.ofNullable(savedAt);
    }

    /** The manager that owns this embedding's arrays (for creating replacements on the same device). */
    public NDManager manager() {
        return manager;
    }

    /**
     * Marks rows that training changed (the matrix itself is updated in place by the optimizer).
     *
     * @return how many rows are newly marked
     */
    public int markTrained(boolean[] changedRows) {
        int marked = 0;
        for (int row = 0; row < changedRows.length && row < rowOrigins.length; row++) {
            if (changedRows[row]) {
                marked++;
                rowOrigins[row] = RowOrigin.TRAINED.code();
            }
        }
        unsavedTraining |= marked > 0;
        if (marked > 0) {
            rowOriginCounts = countOrigins(rowOrigins);
        }
        return marked;
    }

    void markSaved(Path folder) {
        savedAt = folder;
        unsavedTraining = false;
    }

    /**
     * Keeps this embedding's arrays open until the lease is closed, even if the embedding is deleted, replaced or
     * closed meanwhile (its arrays are freed when the last lease goes): how a generation reads the rows without
     * holding the model's lock. Take it under the model's lock, while the embedding is still registered.
     *
     * @throws IllegalStateException when the embedding is closed already
     */
    public synchronized Lease lease() {
        if (closed) {
            throw new IllegalStateException("the embedding is closed");
        }
        leases++;
        return new Lease(this);
    }

    /** A hold on an embedding's arrays; closing it more than once lets go once. */
    public static final class Lease implements AutoCloseable {
        private TokenEmbedding embedding;

        private Lease(TokenEmbedding embedding) {
            this.embedding = embedding;
        }

        @Override
        public synchronized void close() {
            if (embedding != null) {
                embedding.release();
                embedding = null;
            }
        }
    }

    private synchronized void release() {
        leases--;
        if (closed && leases == 0) {
            manager.close();
        }
    }

    /** Frees the arrays now, or when the last {@link #lease() lease} is closed. */
    @Override
    public synchronized void close() {
        closed = true;
        if (leases == 0) {
            manager.close();
        }
    }

    @Override
    public String toString() {
        return "TokenEmbedding[" + rows() + " × " + dimension() + ", "
                + Arrays.toString(rowOriginCounts().entrySet().toArray()) + "]";
    }
}
