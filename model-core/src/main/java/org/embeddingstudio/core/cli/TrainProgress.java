package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** How {@code train} reports a run on stderr: JSON lines for scripts, or text for people. */
final class TrainProgress {
    private TrainProgress() {
    }

    /** Something to know before the run, e.g. data that does not suit the tokenizer: a JSON event or a text line. */
    static void warning(PrintWriter err, boolean json, String message) {
        err.println(json ? "{\"event\":\"warning\",\"message\":" + new ObjectMapper().valueToTree(message) + "}"
                : "warning: " + message);
        err.flush();
    }

    /** One JSON object a line: what scripts parse. */
    record Json(PrintWriter err) implements TrainingListener {
        @Override
        public void onStep(TrainingProgress p) {
            err.printf(Locale.ROOT, "{\"event\":\"step\",\"step\":%d,\"total\":%d,\"loss\":%s,"
                            + "\"learning_rate\":%s,\"tokens_per_second\":%.1f,\"remaining_seconds\":%d}%n",
                    p.step(), p.totalSteps(), number(p.loss()), number(p.learningRate()), p.tokensPerSecond(),
                    p.remaining().toSeconds());
            err.flush();
        }

        @Override
        public void onEvaluation(Evaluation e) {
            err.printf(Locale.ROOT, "{\"event\":\"evaluation\",\"step\":%d,\"loss\":%s,\"accuracy\":%s,"
                            + "\"majority_accuracy\":%s,\"examples\":%d}%n", e.step(), number(e.loss()),
                    number(e.accuracy()), number(e.majorityAccuracy()), e.examples());
            err.flush();
        }

        @Override
        public void onCheckpoint(int step, Path folder) {
            err.printf("{\"event\":\"checkpoint\",\"step\":%d,\"folder\":%s}%n", step,
                    new ObjectMapper().valueToTree(folder.toString()).toString());
            err.flush();
        }

        private static String number(double value) {
            return Double.isFinite(value) ? Double.toString(value) : "null";
        }
    }

    /** A bar redrawn in place on a terminal; a line every tenth of the run otherwise (logs stay short). */
    static final class Text implements TrainingListener {
        private final PrintWriter err;
        private final boolean terminal;
        private int lastTenth = -1;

        Text(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void onStep(TrainingProgress p) {
            String figures = String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.0f tok/s  ETA %ds",
                    p.step(), p.totalSteps(), p.loss(), p.learningRate(), p.tokensPerSecond(),
                    p.remaining().toSeconds());
            if (terminal) {
                int filled = (int) (30L * p.step() / Math.max(1, p.totalSteps()));
                err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + figures
                        + (p.step() == p.totalSteps() ? "\n" : ""));
            } else {
                int tenth = (int) (10L * p.step() / Math.max(1, p.totalSteps()));
                if (tenth == lastTenth && p.step() != 1) {
                    return;
                }
                lastTenth = tenth;
                err.println(figures);
            }
            err.flush();
        }

        @Override
        public void onEvaluation(Evaluation e) {
            // Masked-LM and next-token prediction have no majority class: no "(majority NaN)".
            err.printf(Locale.ROOT, "%sheld out at step %d: loss %.4f, accuracy %.3f%s%n",
                    terminal ? "\n" : "", e.step(), e.loss(), e.accuracy(), TrainReport.baseline(e));
            err.flush();
        }

        @Override
        public void onCheckpoint(int step, Path folder) {
            err.printf("%scheckpoint %s%n", terminal ? "\n" : "", folder);
            err.flush();
        }
    }
}
