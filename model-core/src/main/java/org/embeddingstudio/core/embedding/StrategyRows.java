package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.FloatBuffer;
import java.util.OptionalInt;

/** The {@link InitStrategy} of the options, run over the rows not copied from the reference. */
final class StrategyRows implements RowStrategy {
    private final NDManager manager;
    private final Tokenizer tokenizer;
    private final Tokenizer referenceTokenizer;
    private final TokenEmbedding reference;
    private final RowMapping mapping;
    private final EmbeddingOptions options;

    StrategyRows(NDManager manager, Tokenizer tokenizer, Tokenizer referenceTokenizer, TokenEmbedding reference,
                 RowMapping mapping, EmbeddingOptions options) {
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.referenceTokenizer = referenceTokenizer;
        this.reference = reference;
        this.mapping = mapping;
        this.options = options;
    }

    @Override
    public void fill(FloatBuffer values, int dimension, byte[] origins, OptionalInt pad) {
        FloatBuffer referenceRows = EmbeddingInitializer.floatRows(reference.weight());
        switch (options.init()) {
            case RANDOM -> { }
            case FVT -> FvtRows.apply(tokenizer, referenceTokenizer, referenceRows, values, dimension, origins, pad);
            // Rows past the tokenizer's tokens are the model's vocabulary padding, never trained: left out.
            // Rows of ids without a token are left out on both sides: never trained, and nothing to stand for.
            case MEAN -> RowMeans.applyMean(referenceRows, Math.min(reference.rows(),
                    referenceTokenizer.vocabulary().size()), referenceTokenizer.vocabulary()::hasToken, values,
                    dimension, origins, pad, tokenizer.vocabulary()::hasToken);
            case OMP -> {
                TokenEmbedding donor = options.donor().orElseThrow().embedding();
                OmpRows.apply(manager, EmbeddingInitializer.floatRows(donor.weight()), donor.dimension(),
                        OmpRows.donorRowOf(tokenizer.vocabulary(), donor), mapping, referenceRows, values, dimension,
                        origins, pad, options);
            }
        }
    }
}
