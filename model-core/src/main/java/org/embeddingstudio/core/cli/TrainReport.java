package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.run.TrainAdapterJob;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** How {@code train} and {@code evaluate} word a run's outcome and a held-out evaluation on the terminal. */
final class TrainReport {
    private TrainReport() {
    }

    /** " (majority baseline 0.500)" for classification; masked-LM has no majority class to compare with. */
    static String baseline(Evaluation evaluation) {
        return Double.isNaN(evaluation.majorityAccuracy()) ? ""
                : String.format(Locale.ROOT, " (majority baseline %.3f)", evaluation.majorityAccuracy());
    }

    /**
     * The run's end: steps, speed and last loss; the last held-out evaluation (a causal LM's with its perplexity, and
     * its zero-shot check); then where the results were saved, or how to resume a stopped run.
     */
    static void print(PrintWriter stdout, String trained, String adapter, Path out, boolean causalLm,
                      TrainAdapterJob.Result result) {
        var outcome = result.outcome();
        stdout.printf("%s after %d steps in %.1f s (%.0f tokens/s), last loss %.4f%n",
                outcome.cancelled() ? "Stopped" : "Trained", outcome.steps(), outcome.elapsed().toMillis() / 1000.0,
                outcome.tokensPerSecond(), outcome.finalLoss());
        if (!outcome.evaluations().isEmpty()) {
            Evaluation last = outcome.evaluations().get(outcome.evaluations().size() - 1);
            stdout.printf(Locale.ROOT, causalLm
                    ? "Held out (%d tokens): loss %.4f (perplexity %.1f), next-token accuracy %.3f%n"
                    : "Held out (%d): loss %.4f, accuracy %.3f%s%n", last.examples(), last.loss(),
                    causalLm ? Math.exp(last.loss()) : last.accuracy(), causalLm ? last.accuracy() : baseline(last));
        }
        result.heldOutCheckIfAny().ifPresent(check ->
                stdout.printf("Zero-shot check on the held-out text: %s%n", check.describe()));
        if (outcome.cancelled()) {
            stdout.printf("Continue with --resume %s%n", out.resolve("checkpoints").resolve("checkpoint-"
                    + outcome.steps()));
        } else {
            stdout.printf("Saved the embedding '%s' to %s and the adapter '%s' to %s%n", trained,
                    out.resolve("embedding"), adapter, out.resolve("adapter"));
        }
    }
}
