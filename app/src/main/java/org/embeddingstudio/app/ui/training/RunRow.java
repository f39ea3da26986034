package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.util.Locale;

/** One kept run, as the Runs table shows it. */
public record RunRow(TrainingRun run, String name, String objective, String steps, String finalLoss,
                     String accuracy, String majority, String bitsPerByte, String tokensPerSecond, String time) {
    static RunRow of(TrainingRun run) {
        var outcome = run.outcome();
        var last = run.finalEvaluation();
        return new RunRow(run, run.name(), objective(run.request().objective()),
                outcome == null ? "failed" : Integer.toString(outcome.steps()),
                outcome == null ? "" : String.format(Locale.ROOT, "%.4f", outcome.finalLoss()),
                last.map(e -> RunText.percent(e.accuracy())).orElse(""),
                last.map(e -> RunText.percent(e.majorityAccuracy())).orElse(""), RunText.bitsPerByte(run),
                outcome == null ? "" : String.format(Locale.ROOT, "%,.0f", outcome.tokensPerSecond()),
                outcome == null ? "" : RunText.duration(outcome.elapsed()));
    }

    private static String objective(Objective objective) {
        return switch (objective) {
            case MASKED_LM -> "masked-LM";
            case CLASSIFICATION -> "classification";
            case CAUSAL_LM -> "next-token";
        };
    }
}
