package org.embeddingstudio.core.training;

/** Receives a training run's progress, on the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    default void onStep(TrainingProgress progress) {
    }

    default void onEvaluation(Evaluation evaluation) {
    }

    /** A checkpoint was written. */
    default void onCheckpoint(int step, java.nio.file.Path folder) {
    }
}
