package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingOutcome;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished (or cancelled) run as the Runs table keeps it: what was asked, the curve, every evaluation, how it
 * ended, the checkpoint it can resume from, and a decoder's zero-shot check on the held-out text.
 *
 * @param lastCheckpoint the newest checkpoint, or null when none was written
 * @param heldOutCheck   a decoder's run: bits per byte of its held-out text under the trained embedding and adapter
 *                       against the model as it came ({@link TrainAdapterJob.Result#heldOutCheck()}); null otherwise
 */
public record TrainingRun(String name, String embedding, RunRequest request, LossCurve curve,
                          List<Evaluation> evaluations, TrainingOutcome outcome, Path lastCheckpoint,
                          ZeroShotCheck heldOutCheck) {
    /** The zero-shot check, if the run made one. */
    public Optional<ZeroShotCheck> heldOutCheckIfAny() {
        return Optional.ofNullable(heldOutCheck);
    }

    /** The last evaluation, if there was one. */
    public Optional<Evaluation> finalEvaluation() {
        return evaluations.isEmpty() ? Optional.empty()
                : Optional.of(evaluations.get(evaluations.size() - 1));
    }
}
