package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.engine.LinearCrossEntropy;

/** Mean cross-entropy of logits against class labels, and the count of correct arg-max predictions. */
final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * @param logits (N, C)
     * @param labels (N) int64
     */
    static TrainingTask.LossAndAccuracy of(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        // gather, not a one-hot product: an (N, C) one-hot matrix of a 150 k vocabulary would rival the logits
        NDArray picked = logProbabilities.gather(labels.reshape(-1, 1), 1);
        NDArray loss = picked.mean().neg();
        int correct = (int) logits.argMax(1).eq(labels).sum().getLong();
        return new TrainingTask.LossAndAccuracy(loss, correct, Math.toIntExact(logits.getShape().get(0)));
    }

    /**
     * The same for the logits {@code hidden · outputRowsᵀ}, computed a chunk of rows at a time so the logits are
     * never held whole (see {@link LinearCrossEntropy}).
     *
     * @param hidden     (N, H)
     * @param outputRows (V, H)
     * @param labels     (N) int64
     */
    static TrainingTask.LossAndAccuracy ofHead(NDArray hidden, NDArray outputRows, NDArray labels) {
        LinearCrossEntropy.Result result = LinearCrossEntropy.of(hidden, outputRows, labels);
        return new TrainingTask.LossAndAccuracy(result.loss(), result.correct(),
                Math.toIntExact(hidden.getShape().get(0)));
    }
}
