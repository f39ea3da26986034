package org.embeddingstudio.core.embedding;

import java.util.Locale;

/**
 * How {@code addEmbeddings} initialises the rows of tokens that are not copied from the reference embedding.
 * Whatever the strategy, rows it cannot compute keep their N(0, 0.02) draw, so every strategy is seeded.
 */
public enum InitStrategy {
    /** N(0, 0.02), as {@code adapters}' {@code add_embeddings}: the default. */
    RANDOM("random", RowOrigin.RANDOM),
    /**
     * Fast Vocabulary Transfer (Gee et al. 2022, https://aclanthology.org/2022.emnlp-industry.41/): the mean of
     * the reference rows of the token's pieces under the reference tokenizer.
     */
    FVT("fvt", RowOrigin.FVT),
    /** The mean of all reference rows. */
    MEAN("mean", RowOrigin.MEAN),
    /**
     * Orthogonal matching pursuit, as mergekit's tokensurgeon (https://github.com/arcee-ai/mergekit; Goddard and
     * Fernandes Neto 2025, https://arxiv.org/abs/2506.06607): each token is
     * a sparse combination of shared anchor tokens in a donor embedding made for the new tokenizer, and the same
     * coefficients are applied to the anchors' reference rows. Needs {@link EmbeddingOptions#withDonor}.
     */
    OMP("omp", RowOrigin.OMP);

    private final String label;
    private final RowOrigin rowOrigin;

    InitStrategy(String label, RowOrigin rowOrigin) {
        this.label = label;
        this.rowOrigin = rowOrigin;
    }

    /** The lower-case name stored in the sidecar and used on the command line. */
    public String label() {
        return label;
    }

    /** The provenance of the rows this strategy computes. */
    public RowOrigin rowOrigin() {
        return rowOrigin;
    }

    /** The strategy named {@code label} (case-insensitive). */
    public static InitStrategy ofLabel(String label) {
        for (InitStrategy strategy : values()) {
            if (strategy.label.equals(label.toLowerCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown init strategy '" + label + "'; known: random, fvt, mean, omp");
    }
}
