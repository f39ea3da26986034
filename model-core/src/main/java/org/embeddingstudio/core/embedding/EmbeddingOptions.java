package org.embeddingstudio.core.embedding;

import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Optional settings of {@code addEmbeddings}: the embedding dimension (default: the model's embedding size) and the
 * seed of the random rows (default: a fresh random seed, which is recorded with the embedding).
 */
public record EmbeddingOptions(OptionalInt dimension, OptionalLong seed) {
    private static final SecureRandom SEEDS = new SecureRandom();

    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(OptionalInt.empty(), OptionalLong.empty());
    }

    public EmbeddingOptions withDimension(int value) {
        return new EmbeddingOptions(OptionalInt.of(value), seed);
    }

    public EmbeddingOptions withSeed(long value) {
        return new EmbeddingOptions(dimension, OptionalLong.of(value));
    }

    long seedOrNew() {
        return seed.orElseGet(SEEDS::nextLong);
    }
}
