package org.embeddingstudio.core.model;

import org.embeddingstudio.core.embedding.TokenEmbedding;

/**
 * An embedding taken out of a model without freeing it, to be put back by
 * {@link AdapterModel#reattachEmbeddings}. Whoever holds it and decides never to put it back closes it.
 */
public record DetachedEmbedding(String name, TokenEmbedding embedding, boolean wasActive) implements AutoCloseable {
    @Override
    public void close() {
        embedding.close();
    }
}
