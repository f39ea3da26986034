package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.model.TrainableModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a model is trained to do on which data: masked-LM on text or sequence classification (BERT family),
 * next-token prediction on text (decoders).
 *
 * @param <M> the kind of model it trains
 */
public interface TrainingTask<M extends TrainableModel> {
    /** The tokenizer the data was encoded with: it must be the one the trained embedding was made for. */
    Tokenizer tokenizer();

    /** Training examples (sequences). */
    int trainSize();

    /** The training batch at a position of the shuffled order. */
    HostBatch trainBatch(int[] order, int offset, int batchSize, SplittableRandom random);

    /** The held-out split in batches (masking, if any, fixed by the seed so every evaluation sees the same). */
    List<HostBatch> evaluationBatches(int batchSize, long seed);

    /** The scalar loss of a batch, and (through {@code correct}) how many predictions were right. */
    LossAndAccuracy loss(M model, HostBatch batch, NDManager manager, boolean training);

    /** The accuracy of always predicting the most frequent label, or NaN where that means nothing. */
    default double majorityAccuracy() {
        return Double.NaN;
    }

    /** A batch's loss (scalar array, in the graph when training) and its prediction counts. */
    record LossAndAccuracy(NDArray loss, int correct, int predictions) {
    }
}
