package org.embeddingstudio.core.model;

import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a user chooses when adding an embedding (the app's Add Embeddings dialog, the {@code add-embeddings}
 * command), turned into the {@link EmbeddingOptions} of {@link AdapterModel#addEmbeddings} in one place.
 *
 * @param init       how rows not copied start
 * @param normalized match tokens with the overlap engine's normalized mode instead of exact strings (needs a
 *                   reference tokenizer; without one there is nothing to match)
 * @param donor      the donor embedding of {@link InitStrategy#OMP}, or null
 * @param dimension  the embedding dimension, or empty for the model's
 * @param seed       the seed of the drawn rows, or empty for a fresh one
 */
public record AddEmbeddingsSettings(InitStrategy init, boolean normalized, DonorEmbedding donor,
                                    OptionalInt dimension, OptionalLong seed) {
    /** The name the normalized matching is recorded under in the sidecar. */
    public static final String NORMALIZED = "normalized";

    public AddEmbeddingsSettings {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(seed, "seed");
    }

    /**
     * The options for adding an embedding of {@code target}'s vocabulary.
     *
     * @param reference the reference embedding's tokenizer, or null when no rows are copied
     */
    public EmbeddingOptions options(Tokenizer target, Tokenizer reference) {
        EmbeddingOptions options = EmbeddingOptions.defaults().withInit(init);
        if (normalized && reference != null) {
            options = options.withMapping(VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                    MatchOptions.normalized()).mapping(), NORMALIZED);
        }
        if (donor != null) {
            options = options.withDonor(donor);
        }
        if (dimension.isPresent()) {
            options = options.withDimension(dimension.getAsInt());
        }
        return seed.isPresent() ? options.withSeed(seed.getAsLong()) : options;
    }
}
