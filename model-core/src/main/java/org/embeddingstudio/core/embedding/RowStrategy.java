package org.embeddingstudio.core.embedding;

import java.nio.FloatBuffer;
import java.util.OptionalInt;

/** Overwrites rows still {@link RowOrigin#RANDOM} of a new (rows, D) matrix, marking each one it computes. */
@FunctionalInterface
interface RowStrategy {
    /** Leaves the random rows as drawn. */
    RowStrategy NONE = (values, dimension, origins, pad) -> { };

    void fill(FloatBuffer values, int dimension, byte[] origins, OptionalInt pad);
}
