package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.adapter.AdapterRegistry;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.head.ClassificationHead;
import org.embeddingstudio.core.head.HeadRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The training set-up behind {@link AdapterModel#trainAdapter}: what trains, and the arrays an optimizer updates.
 * Not thread-safe: guarded by the model's lock, so only the model's synchronized methods call it.
 */
final class ModelTraining {
    private final EmbeddingRegistry embeddings;
    private final AdapterRegistry adapters;
    private final HeadRegistry heads;
    private TrainingSetup setup;

    ModelTraining(EmbeddingRegistry embeddings, AdapterRegistry adapters, HeadRegistry heads) {
        this.embeddings = embeddings;
        this.adapters = adapters;
        this.heads = heads;
    }

    TrainingSetup trainAdapter(String name, boolean trainEmbeddings) {
        adapters.get(name);
        adapters.activate(name);
        setup = new TrainingSetup(name, trainEmbeddings, embeddings.activeName(), heads.activeName());
        return setup;
    }

    Optional<TrainingSetup> setup() {
        return Optional.ofNullable(setup);
    }

    /** Drops the set-up when its adapter goes: it would name an adapter that no longer exists. */
    void forgetAdapter(String name) {
        if (setup != null && setup.adapter().equals(name)) {
            setup = null;
        }
    }

    Map<String, NDArray> trainableParameters() {
        TrainingSetup current = setup().orElseThrow(() ->
                new IllegalStateException("call trainAdapter(name, trainEmbeddings) first"));
        if (!current.embedding().equals(embeddings.activeName()) || !current.head().equals(heads.activeName())) {
            throw new IllegalStateException("the active embedding or head changed since trainAdapter; call it again");
        }
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        adapters.get(current.adapter()).parameters().forEach(trainable::put);
        TokenEmbedding active = embeddings.active();
        Optional<ClassificationHead> classification = heads.activeClassification();
        if (classification.isPresent()) {
            classification.get().parameters().forEach(trainable::put);
        } else {
            heads.maskedLm().parameters().forEach((name, value) -> trainable.put("heads.masked_lm." + name, value));
            trainable.put("embeddings." + current.embedding() + ".output_bias", active.outputBias());
        }
        if (current.trainEmbeddings()) {
            trainable.put("embeddings." + current.embedding() + ".weight", active.weight());
        }
        return trainable;
    }
}
