package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.DecoderForward;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.ResidualHook;

import java.util.Optional;

/**
 * A decoder as one of its embeddings and one adapter make it, taken under the model's lock in an instant and then
 * run without it: a generation of seconds or minutes never holds the lock that the UI thread's calls (the tree's
 * active toggle, Properties) wait for. Thread-confined: one generation reads it; close it when that is done.
 *
 * <p>The embedding's rows are held, not copied (a vocabulary's matrices are hundreds of MB): deleting or replacing
 * the embedding meanwhile frees them only once this is closed. The adapter is copied (a few MB), so switching,
 * deleting or training it meanwhile changes nothing this computes. The blocks are frozen for the model's life.
 */
public final class DecoderSnapshot implements AutoCloseable {
    private final NDManager manager;
    private final DecoderConfig config;
    private final DecoderForward forward;
    private final EmbeddingSnapshot embedding;
    private final TokenEmbedding.Lease rows;
    private final NDArray inputRows;
    private final NDArray outputRows;
    private final ResidualHook residuals;

    /**
     * Called under the model's lock.
     *
     * @param parent  the model's manager: the adapter's copy and the caches are sub-managers of it
     * @param adapter the adapter to run with, or null for none
     */
    DecoderSnapshot(NDManager parent, DecoderConfig config, DecoderForward forward, EmbeddingSnapshot embedding,
                    TokenEmbedding rows, boolean tied, BottleneckAdapter adapter) {
        this.config = config;
        this.forward = forward;
        this.embedding = embedding;
        this.inputRows = rows.weight();
        this.outputRows = tied ? rows.weight() : rows.outputRows().orElseThrow();
        this.rows = rows.lease();
        this.manager = parent.newSubManager();
        try {
            this.residuals = adapter == null ? ResidualHook.NONE : adapter.copy(manager);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The embedding as it was taken: its name, tokenizer and row origins. */
    public EmbeddingSnapshot embedding() {
        return embedding;
    }

    /** The embedding's tokenizer, if it has one. */
    public Optional<Tokenizer> tokenizer() {
        return embedding.tokenizer();
    }

    /** The model's config; {@code vocab_size} is this embedding's. */
    public DecoderConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** A cache for generating with this snapshot; close it when done. */
    public KeyValueCache newCache() {
        return new KeyValueCache(manager, config.numHiddenLayers());
    }

    /**
     * The last hidden states after the final norm, (B, T, H), in the caller's scope.
     *
     * @param attentionMask (B, K) over the cached and the new positions; 1 for real tokens
     * @param cache         cached keys and values (extended by this call), or null
     */
    public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return forward.forward(inputRows, inputIds, attentionMask, cache, residuals, false);
    }

    /** Next-token logits for every position, (B, T, V), in the caller's scope. */
    public NDArray logits(NDArray inputIds, NDArray attentionMask, KeyValueCache cache) {
        return forward.logits(hiddenStates(inputIds, attentionMask, cache), outputRows);
    }

    /** Frees the adapter's copy and lets go of the embedding's rows (freed now if it was deleted meanwhile). */
    @Override
    public void close() {
        manager.close();
        rows.close();
    }
}
