package org.embeddingstudio.core.model;

import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.transformer.MaskedLmHead;

import java.util.Optional;

/** The model's registries seen as {@link ModelParts}; only lent out by {@link AdapterModel#read} under its lock. */
record RegistryParts(EmbeddingRegistry embeddings, AdapterRegistry adapters, HeadRegistry heads)
        implements ModelParts {
    @Override
    public TokenEmbedding embedding(String name) {
        return embeddings.get(name);
    }

    @Override
    public BottleneckAdapter adapter(String name) {
        return adapters.get(name);
    }

    @Override
    public Optional<ClassificationHead> classificationHead(String name) {
        return heads.classification(name);
    }

    @Override
    public MaskedLmHead maskedLmHead() {
        return heads.maskedLm();
    }
}
