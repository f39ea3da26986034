package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.time.Duration;
import java.util.Locale;

/** How the Training window words a run: the live line, durations, percentages and the summary. */
final class RunText {
    private RunText() {
    }

    static String describe(TrainingProgress progress, double smoothed) {
        return String.format(Locale.ROOT, "Step %,d / %,d · loss %.4f%s · lr %.2e · %,.0f tokens/s · ETA %s",
                progress.step(), progress.totalSteps(), progress.loss(),
                Double.isNaN(smoothed) ? "" : String.format(Locale.ROOT, " (smoothed %.4f)", smoothed),
                progress.learningRate(), progress.tokensPerSecond(), duration(progress.remaining()));
    }

    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** A decoder's zero-shot check for a table: "1.2345 (default 1.0000)"; "" without one. */
    static String bitsPerByte(TrainingRun run) {
        return run.heldOutCheckIfAny().map(check -> String.format(Locale.ROOT, "%.4f (default %.4f)",
                check.candidate().bitsPerByte(), check.reference().bitsPerByte())).orElse("");
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
    }

    static String summarise(TrainingRun run) {
        var outcome = run.outcome();
        if (outcome == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s after %,d steps in %s: final loss %.4f, %,.0f tokens/s.",
                outcome.cancelled() ? "Cancelled" : "Finished", outcome.steps(), duration(outcome.elapsed()),
                outcome.finalLoss(), outcome.tokensPerSecond()));
        run.finalEvaluation().ifPresent(e -> {
            text.append(String.format(Locale.ROOT, " Held-out (%,d predictions): loss %.4f, accuracy %.1f %%",
                    e.examples(), e.loss(), 100 * e.accuracy()));
            if (run.request() != null && run.request().objective() != Objective.CLASSIFICATION) {
                // A language-model loss is a mean negative log-likelihood: its exponential is the perplexity.
                text.append(String.format(Locale.ROOT, ", perplexity %.2f", Math.exp(e.loss())));
            }
            if (!Double.isNaN(e.majorityAccuracy())) {
                text.append(String.format(Locale.ROOT, " (always the most frequent label: %.1f %%)",
                        100 * e.majorityAccuracy()));
            }
            text.append('.');
        });
        run.heldOutCheckIfAny().ifPresent(check -> text.append(" Zero-shot check on the held-out text: ")
                .append(check.describe()).append('.'));
        if (outcome.cancelled() && run.lastCheckpoint() != null) {
            text.append(" It can resume from ").append(run.lastCheckpoint().getFileName()).append('.');
        }
        return text.toString();
    }
}
