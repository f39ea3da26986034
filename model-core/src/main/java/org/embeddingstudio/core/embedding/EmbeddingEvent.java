package org.embeddingstudio.core.embedding;

import java.nio.file.Path;

/** Something that happened to the model's named embeddings; a UI binds to these instead of polling. */
public sealed interface EmbeddingEvent {
    /** The embedding concerned. */
    String name();

    /** A new embedding was registered (created or loaded). */
    record Added(String name, int rows, int dimension, boolean loaded) implements EmbeddingEvent {
    }

    /** {@code name} became the active embedding; {@code previous} stopped being it. */
    record Activated(String name, String previous) implements EmbeddingEvent {
    }

    /**
     * An embedding was deleted or detached. When it was the active one, {@code nowActive} is "default" and
     * {@code activeWasDeleted} is true, so the UI can say that the default embedding is active again.
     */
    record Deleted(String name, boolean activeWasDeleted, String nowActive) implements EmbeddingEvent {
    }

    /** An embedding was renamed. */
    record Renamed(String name, String previousName) implements EmbeddingEvent {
    }

    /** Training changed an embedding's rows. */
    record Trained(String name, int rowsChanged) implements EmbeddingEvent {
    }

    /** Something about an embedding deserves the user's attention, e.g. a reference tokenizer that may not fit. */
    record Warned(String name, String message) implements EmbeddingEvent {
    }

    /** An embedding was written to a folder. */
    record Saved(String name, Path folder) implements EmbeddingEvent {
    }
}
