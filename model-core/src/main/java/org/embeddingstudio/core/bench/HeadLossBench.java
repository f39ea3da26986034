package org.embeddingstudio.core.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.GradMode;
import org.embeddingstudio.core.engine.LinearCrossEntropy;
import org.embeddingstudio.core.engine.Precision;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A decoder's head and loss in one training step — logits of 8 × 255 positions over the vocabulary, cross-entropy,
 * backward to the hidden states and the (tied) output rows — computed whole (the logits, their log-softmax and their
 * gradient each held at once, as autograd does) and chunked ({@link LinearCrossEntropy}), for SmolLM2's vocabulary
 * (49 152 × 576) and Qwen2.5's (151 936 × 896), in fp32 and bf16. Each case runs in a JVM of its own, so its peak
 * resident memory above what the inputs took is its alone; seconds are the median of three steps after a warm-up.
 */
final class HeadLossBench {
    private static final int POSITIONS = 8 * 255;
    private static final int REPEATS = 3;

    void run() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (long[] shape : new long[][] {{49_152, 576}, {151_936, 896}}) {
            for (Precision precision : Precision.values()) {
                List<String> cells = new ArrayList<>();
                for (String variant : List.of("whole", "chunked")) {
                    Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                            "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                            System.getProperty("java.class.path"), HeadLossBench.class.getName(), variant,
                            precision.name(), "" + shape[0], "" + shape[1]).redirectErrorStream(true).start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    String result = output.lines().filter(line -> line.startsWith("RESULT ")).findFirst()
                            .orElseThrow(() -> new IllegalStateException(variant + " failed:\n" + output));
                    String[] values = result.substring(7).split(" ");
                    cells.add(String.format(Locale.ROOT, "%s %.2f s, peak +%,d MiB", variant,
                            Double.parseDouble(values[0]), Long.parseLong(values[1]) >> 20));
                }
                System.out.printf(Locale.ROOT, "head + loss + backward, %d positions, vocabulary %,d × %d, %s: %s%n",
                        POSITIONS, shape[0], shape[1], precision, String.join("; ", cells));
            }
        }
    }

    /** The child: variant, precision, vocabulary, hidden; prints RESULT median_seconds peak_growth_bytes. */
    public static void main(String[] args) throws Exception {
        boolean chunked = args[0].equals("chunked");
        Precision precision = Precision.valueOf(args[1]);
        long vocabulary = Long.parseLong(args[2]);
        long hidden = Long.parseLong(args[3]);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             GradMode.Suspension noGrad = GradMode.off()) {
            NDArray states = manager.randomNormal(new Shape(POSITIONS, hidden));
            NDArray rows = manager.randomNormal(0, 0.02f, new Shape(vocabulary, hidden), DataType.FLOAT32);
            NDArray labels = manager.randomInteger(0, vocabulary, new Shape(POSITIONS), DataType.INT64);
            states.setRequiresGradient(true);
            rows.setRequiresGradient(true);
            long before = ResidentMemory.peakBytes();
            double[] seconds = new double[REPEATS];
            for (int repeat = -1; repeat < REPEATS; repeat++) {
                long started = System.nanoTime();
                try (NDManager step = manager.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // Every array of the step, the logits included, is freed with it, not kept for the next.
                    states.tempAttach(step);
                    rows.tempAttach(step);
                    labels.tempAttach(step);
                    NDArray input = states.mul(1f); // computed, as a model's hidden states are
                    collector.backward(Autocast.with(precision, () -> chunked
                            ? LinearCrossEntropy.of(input, rows, labels).loss() : whole(input, rows, labels)));
                    rows.getGradient().getFloat(0, 0); // the gradient is there
                }
                if (repeat >= 0) {
                    seconds[repeat] = (System.nanoTime() - started) / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "RESULT %.3f %d%n", Stats.median(seconds),
                    ResidentMemory.peakBytes() - before);
        }
    }

    /** The loss as the training tasks computed it before, logits whole: log-softmax, the label's entry, arg-max. */
    private static NDArray whole(NDArray hidden, NDArray rows, NDArray labels) {
        NDArray logits = Autocast.linear(hidden, rows);
        logits.argMax(1).eq(labels).sum().getLong();
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).mean().neg();
    }
}
