package org.embeddingstudio.core.embedding;

import org.embeddingstudio.core.task.CancellationToken;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Optional settings of {@code addEmbeddings}: the embedding dimension (default: the model's embedding size), the
 * seed of the random rows (default: a fresh random seed, which is recorded with the embedding), how rows not copied
 * are initialised (default {@link InitStrategy#RANDOM}, as {@code adapters}) and which rows are copied (default:
 * {@link RowMapping#exactMatch}).
 *
 * @param dimension    the embedding dimension
 * @param seed         the seed of the drawn rows
 * @param init         how rows not copied from the reference are initialised
 * @param donor        the donor embedding {@link InitStrategy#OMP} needs
 * @param mapping      a precomputed mapping of rows to copy (e.g. from normalised matching) instead of exact matching
 * @param matchingMode the name of the matching that made {@code mapping}, recorded in the sidecar
 * @param ompAtoms     k, the most anchors one OMP row combines
 * @param progress     told how far a long initialisation (OMP) is
 * @param cancellation stops a long initialisation (OMP) between batches
 */
public record EmbeddingOptions(OptionalInt dimension, OptionalLong seed, InitStrategy init,
                               Optional<DonorEmbedding> donor, Optional<RowMapping> mapping, String matchingMode,
                               int ompAtoms, InitProgressListener progress, CancellationToken cancellation) {
    /** mergekit's tokensurgeon default k. */
    public static final int DEFAULT_OMP_ATOMS = 64;
    private static final SecureRandom SEEDS = new SecureRandom();

    public EmbeddingOptions {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(matchingMode, "matchingMode");
        if (ompAtoms < 1) {
            throw new IllegalArgumentException("OMP needs at least one atom per row, not " + ompAtoms);
        }
    }

    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(OptionalInt.empty(), OptionalLong.empty(), InitStrategy.RANDOM, Optional.empty(),
                Optional.empty(), EmbeddingOrigin.EXACT, DEFAULT_OMP_ATOMS, InitProgressListener.NONE,
                CancellationToken.none());
    }

    public EmbeddingOptions withDimension(int value) {
        return new EmbeddingOptions(OptionalInt.of(value), seed, init, donor, mapping, matchingMode, ompAtoms,
                progress, cancellation);
    }

    public EmbeddingOptions withSeed(long value) {
        return new EmbeddingOptions(dimension, OptionalLong.of(value), init, donor, mapping, matchingMode, ompAtoms,
                progress, cancellation);
    }

    /** These options initialising rows not copied with {@code strategy}. */
    public EmbeddingOptions withInit(InitStrategy strategy) {
        return new EmbeddingOptions(dimension, seed, strategy, donor, mapping, matchingMode, ompAtoms, progress,
                cancellation);
    }

    /** These options with the donor embedding of {@link InitStrategy#OMP}. */
    public EmbeddingOptions withDonor(DonorEmbedding value) {
        return new EmbeddingOptions(dimension, seed, init, Optional.of(value), mapping, matchingMode, ompAtoms,
                progress, cancellation);
    }

    /**
     * These options copying the rows {@code rowMapping} pairs instead of exactly matched ones.
     *
     * @param mode the matching's name, recorded in the sidecar (e.g. "normalized"); rows whose token strings are
     *             not identical are marked {@link RowOrigin#COPIED_NORMALIZED}
     */
    public EmbeddingOptions withMapping(RowMapping rowMapping, String mode) {
        return new EmbeddingOptions(dimension, seed, init, donor, Optional.of(rowMapping), mode, ompAtoms, progress,
                cancellation);
    }

    /** These options with at most {@code k} anchors per OMP row. */
    public EmbeddingOptions withOmpAtoms(int k) {
        return new EmbeddingOptions(dimension, seed, init, donor, mapping, matchingMode, k, progress, cancellation);
    }

    /** These options reporting progress and checking {@code token} during a long initialisation. */
    public EmbeddingOptions withProgress(InitProgressListener listener, CancellationToken token) {
        return new EmbeddingOptions(dimension, seed, init, donor, mapping, matchingMode, ompAtoms, listener, token);
    }

    long seedOrNew() {
        return seed.orElseGet(SEEDS::nextLong);
    }
}
