package org.embeddingstudio.core.model;

import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.transformer.MaskedLmHead;

import java.util.Optional;

/**
 * The model's parts with their arrays, lent to {@link AdapterModel#read} while it holds the model's lock. Nothing
 * obtained here may be kept past that call: another thread may delete, replace or train the part right after.
 * Copy out what is needed (a {@code float[]}, a {@code RowMatrix}, a file) inside the call.
 */
public interface ModelParts {
    /** @throws IllegalArgumentException when there is no embedding named {@code name} */
    TokenEmbedding embedding(String name);

    /** @throws IllegalArgumentException when there is no adapter named {@code name} */
    BottleneckAdapter adapter(String name);

    /** The classification head named {@code name}, if there is one. */
    Optional<ClassificationHead> classificationHead(String name);

    /** The masked-LM head (made on first use when the model came without one). */
    MaskedLmHead maskedLmHead();

    /** What reads the parts; may throw {@code E}. */
    @FunctionalInterface
    interface Reader<T, E extends Exception> {
        T read(ModelParts parts) throws E;
    }
}
