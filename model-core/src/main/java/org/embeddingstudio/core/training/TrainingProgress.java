package org.embeddingstudio.core.training;

import java.time.Duration;

/**
 * One finished optimisation step, for progress displays.
 *
 * @param step            steps done (1-based)
 * @param totalSteps      steps planned
 * @param loss            this step's training loss
 * @param learningRate    the learning rate this step used
 * @param tokensPerSecond non-padding tokens processed per second, averaged over the run so far
 * @param remaining       estimated time to the end
 */
public record TrainingProgress(int step, int totalSteps, double loss, double learningRate, double tokensPerSecond,
                               Duration remaining) {
}
