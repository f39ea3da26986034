package org.embeddingstudio.core.training;

import java.nio.file.Path;

/** Receives a training run's progress, on the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    default void onStep(TrainingProgress progress) {
    }

    default void onEvaluation(Evaluation evaluation) {
    }

    /** A checkpoint was written. */
    default void onCheckpoint(int step, Path folder) {
    }
}
