package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.FloatBuffer;
import java.util.OptionalInt;

/** The {@link InitStrategy} of the options, run over the rows not copied from the reference. */
final class StrategyRows implements RowStrategy {
    private final NDManager manager;
    private final Tokenizer tokenizer;
    private final Tokenizer referenceTokenizer;
    private final NDArray referenceMatrix;
    private final int referenceRows;
    private final boolean outputSide;
    private final RowMapping mapping;
    private final EmbeddingOptions options;

    /**
     * @param referenceMatrix the reference's input rows, or for {@code outputSide} its output rows (each side of a
     *                        pair is computed from its own side, as tokensurgeon fits each side)
     */
    StrategyRows(NDManager manager, Tokenizer tokenizer, Tokenizer referenceTokenizer, NDArray referenceMatrix,
                 boolean outputSide, RowMapping mapping, EmbeddingOptions options) {
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.referenceTokenizer = referenceTokenizer;
        this.referenceMatrix = referenceMatrix;
        this.referenceRows = Math.toIntExact(referenceMatrix.getShape().get(0));
        this.outputSide = outputSide;
        this.mapping = mapping;
        this.options = options;
    }

    @Override
    public void fill(FloatBuffer values, int dimension, byte[] origins, OptionalInt pad) {
        FloatBuffer referenceValues = EmbeddingInitializer.floatRows(referenceMatrix);
        switch (options.init()) {
            case RANDOM -> { }
            case FVT -> FvtRows.apply(tokenizer, referenceTokenizer, referenceValues, values, dimension, origins,
                    pad);
            // Rows past the tokenizer's tokens are the model's vocabulary padding, never trained: left out.
            // Rows of ids without a token are left out on both sides: never trained, and nothing to stand for.
            case MEAN -> RowMeans.applyMean(referenceValues, Math.min(referenceRows,
                    referenceTokenizer.vocabulary().size()), referenceTokenizer.vocabulary()::hasToken, values,
                    dimension, origins, pad, tokenizer.vocabulary()::hasToken);
            case OMP -> {
                TokenEmbedding donor = options.donor().orElseThrow().embedding();
                NDArray donorRows = outputSide ? donor.outputRows().orElse(donor.weight()) : donor.weight();
                OmpRows.apply(manager, EmbeddingInitializer.floatRows(donorRows), donor.dimension(),
                        OmpRows.donorRowOf(tokenizer.vocabulary(), donor), mapping, referenceValues, values,
                        dimension, origins, pad, options);
            }
        }
    }
}
