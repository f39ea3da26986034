package org.embeddingstudio.core.embedding;

/** Receives {@link EmbeddingEvent}s, on the thread that caused them. */
@FunctionalInterface
public interface EmbeddingListener {
    void onEmbeddingEvent(EmbeddingEvent event);
}
