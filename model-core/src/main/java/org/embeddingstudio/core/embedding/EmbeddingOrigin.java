package org.embeddingstudio.core.embedding;

/**
 * How an embedding was made: recorded when it is created, saved in the sidecar and restored on load, so a
 * researcher can always tell what a matrix is.
 *
 * @param sourceModel        the model it was made for (a folder or a description), or empty
 * @param referenceEmbedding the name of the embedding rows were copied from, or empty for none
 * @param referenceTokenizer where the reference tokenizer was read from, or empty
 * @param matchingMode       how tokens were matched to the reference ("exact": by identical token string)
 * @param seed               the seed of the random rows
 * @param initStrategy       how rows not copied were initialised: an {@link InitStrategy#label()} ("random" when
 *                           not recorded, as in sidecars written before strategies existed)
 * @param donor              where the donor embedding of {@link InitStrategy#OMP} came from, or empty
 */
public record EmbeddingOrigin(String sourceModel, String referenceEmbedding, String referenceTokenizer,
                              String matchingMode, long seed, String initStrategy, String donor) {
    public static final String EXACT = "exact";

    public EmbeddingOrigin {
        sourceModel = sourceModel == null ? "" : sourceModel;
        referenceEmbedding = referenceEmbedding == null ? "" : referenceEmbedding;
        referenceTokenizer = referenceTokenizer == null ? "" : referenceTokenizer;
        matchingMode = matchingMode == null ? EXACT : matchingMode;
        initStrategy = initStrategy == null || initStrategy.isEmpty() ? InitStrategy.RANDOM.label() : initStrategy;
        donor = donor == null ? "" : donor;
    }

    /** An origin whose other rows were drawn at random (the only strategy before there were others). */
    public EmbeddingOrigin(String sourceModel, String referenceEmbedding, String referenceTokenizer,
                           String matchingMode, long seed) {
        this(sourceModel, referenceEmbedding, referenceTokenizer, matchingMode, seed, InitStrategy.RANDOM.label(),
                "");
    }
}
