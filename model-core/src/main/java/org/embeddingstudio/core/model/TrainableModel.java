package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@link org.embeddingstudio.core.training.AdapterTrainer} needs of a model: the set-up
 * {@code trainAdapter(name, trainEmbeddings)} made, the arrays it trains, and the trained embedding's rows, so that
 * the rows a run changed are marked trained. {@link AdapterModel} (BERT family) and {@link DecoderModel} are both.
 */
public interface TrainableModel {
    Device device();

    /** The current training setup, if {@code trainAdapter} was called. */
    Optional<TrainingSetup> trainingSetup();

    /** The arrays that train under the current setup, by a name unique in the model; the model's own, not copies. */
    Map<String, NDArray> trainableParameters();

    /** A snapshot of one embedding without its arrays. */
    EmbeddingSnapshot embedding(String name);

    /**
     * Runs {@code reader} under the model's lock on what training may change of an embedding, one row per token:
     * its input rows, beside them its output rows when the head is untied. The array is lent for the call only.
     */
    <T> T readTrainedRows(String embedding, Function<NDArray, T> reader);

    /** Tells listeners that training changed rows of an embedding and marks them as trained. */
    void markTrained(String embedding, boolean[] changedRows);
}
