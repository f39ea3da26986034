package org.embeddingstudio.core.training;

import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param cancelled       whether it stopped early on request (the model then holds the last finished step)
 * @param steps           steps done in total (including those before a resume)
 * @param finalLoss       the last step's training loss
 * @param evaluations     every evaluation, in order
 * @param elapsed         wall time of this run
 * @param tokensPerSecond non-padding tokens per second over this run
 */
public record TrainingOutcome(boolean cancelled, int steps, double finalLoss, List<Evaluation> evaluations,
                              Duration elapsed, double tokensPerSecond) {
}
