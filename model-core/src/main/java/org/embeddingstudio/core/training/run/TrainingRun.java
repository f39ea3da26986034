package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingOutcome;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished (or cancelled) run as the Runs table keeps it: what was asked, the curve, every evaluation, how it
 * ended, and the checkpoint it can resume from.
 *
 * @param lastCheckpoint the newest checkpoint, or null when none was written
 */
public record TrainingRun(String name, String embedding, RunRequest request, LossCurve curve,
                          List<Evaluation> evaluations, TrainingOutcome outcome, Path lastCheckpoint) {
    /** The last evaluation, if there was one. */
    public Optional<Evaluation> finalEvaluation() {
        return evaluations.isEmpty() ? Optional.empty()
                : Optional.of(evaluations.get(evaluations.size() - 1));
    }
}
