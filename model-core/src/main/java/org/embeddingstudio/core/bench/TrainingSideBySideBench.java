package org.embeddingstudio.core.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The same masked-LM training step (seq_bn adapter + word embeddings, batch 8 × 128, AdamW, clipping) here and
 * through the real AdapterHub {@code adapters} + {@code transformers} + PyTorch 2 of the interop environment,
 * interleaved over three rounds in one run, for a small BERT (4 × 256) and a bert-base-sized one (12 × 768, vocabulary
 * 30 522). Prints each round's median tokens/s on both sides and the ratio (goal ≥ 1.5× on every round). The Python
 * comes from {@code INTEROP_PYTHON} or {@code ../shared/tools/python-interop-env}; without either the bench says so.
 */
final class TrainingSideBySideBench {
    static final int BATCH = 8;
    static final int LENGTH = 128;
    static final int ROUNDS = 3;
    private static final String SCRIPT = "adapters_training_step.py";

    /** A configuration to compare, with how many steps a round warms up and measures on each side. */
    record Setup(String name, BertConfig config, int warmUp, int measured) {
    }

    private final Path work;

    TrainingSideBySideBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        String python = interopPython();
        if (python == null) {
            return;
        }
        Path script = work.resolve(SCRIPT);
        try (InputStream in = TrainingSideBySideBench.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
        int threads = Runtime.getRuntime().availableProcessors();
        for (Setup setup : List.of(
                new Setup("small BERT 4 x 256", BertConfig.of(Architecture.BERT, 30_522, 256, 4, 4, 1024, 512), 2, 8),
                new Setup("bert-base 12 x 768", BertConfig.of(Architecture.BERT, 30_522, 768, 12, 12, 3072, 512), 1,
                        3))) {
            compare(setup, python, script, threads);
        }
    }

    private void compare(Setup setup, String python, Path script, int threads) throws Exception {
        BertConfig c = setup.config();
        SyntheticTokenizers.Loaded tokenizer = SyntheticTokenizers.create(work.resolve("side-by-side-tokenizer"),
                c.vocabSize(), c.vocabSize(), "unused");
        Path text = TrainingBench.corpus(work.resolve("side-by-side-corpus.txt"), c.vocabSize());
        TrainingConfig training = TrainingConfig.defaults().withBatch(BATCH, LENGTH)
                .withSteps(setup.warmUp() + setup.measured()).withEvaluation(0.0, 0);
        MaskedLmTask task = MaskedLmTask.fromTextFile(text, tokenizer.tokenizer(), training);
        System.out.printf(Locale.ROOT, "%s, batch %d x %d, %d threads: median tokens/s of %d steps after %d "
                + "warm-up, per round%n", setup.name(), BATCH, LENGTH, threads, setup.measured(), setup.warmUp());
        List<Double> ratios = new ArrayList<>();
        List<Double> bf16Ratios = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double ours = ours(c, tokenizer, task, training, setup.warmUp());
            double oursBf16 = ours(c, tokenizer, task, training.withPrecision(Precision.BF16), setup.warmUp());
            JsonNode theirs = theirs(python, script, c, setup, threads);
            double theirSpeed = theirs.path("tokens_per_second").asDouble();
            ratios.add(ours / theirSpeed);
            bf16Ratios.add(oursBf16 / theirSpeed);
            System.out.printf(Locale.ROOT, "  round %d: Embedding Studio fp32 %.0f tokens/s, bf16 %.0f tokens/s; "
                            + "adapters %s (torch %s, fp32) %.0f tokens/s: fp32 %.2fx, bf16 %.2fx (bf16 / fp32 "
                            + "%.2fx)%n", round, ours, oursBf16, "1.2.0", theirs.path("torch").asText(), theirSpeed,
                    ours / theirSpeed, oursBf16 / theirSpeed, oursBf16 / ours);
        }
        System.out.printf(Locale.ROOT, "  ratio fp32 min %.2fx, max %.2fx; bf16 min %.2fx, max %.2fx "
                        + "(goal >= 1.5x every round)%n", min(ratios), max(ratios), min(bf16Ratios), max(bf16Ratios));
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Median tokens/s of our steps on a fresh model, after the warm-up steps. */
    private static double ours(BertConfig config, SyntheticTokenizers.Loaded tokenizer, MaskedLmTask task,
                               TrainingConfig training, int warmUp) {
        try (AdapterModel model = AdapterModel.random(config, tokenizer.tokenizer(), Device.cpu(), 1)) {
            model.addAdapter("bench", BottleneckConfig.seqBn());
            model.trainAdapter("bench", true);
            List<Long> ends = new ArrayList<>();
            ends.add(System.nanoTime());
            new AdapterTrainer<>(model, task, training, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    ends.add(System.nanoTime());
                }
            }).train(CancellationToken.none());
            double[] seconds = new double[ends.size() - 1 - warmUp];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = (ends.get(warmUp + i + 1) - ends.get(warmUp + i)) / 1e9;
            }
            return BATCH * LENGTH / Stats.median(seconds);
        }
    }

    private static JsonNode theirs(String python, Path script, BertConfig c, Setup setup, int threads)
            throws Exception {
        List<String> command = List.of(python, script.toString(), "" + c.numHiddenLayers(), "" + c.hiddenSize(),
                "" + c.numAttentionHeads(), "" + c.intermediateSize(), "" + c.vocabSize(), "" + BATCH, "" + LENGTH,
                "" + setup.warmUp(), "" + setup.measured(), "" + threads);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // adapters runs as people run Python: on glibc's malloc, whatever allocator our side was started with.
        builder.environment().remove("LD_PRELOAD");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("the adapters side failed: " + String.join(" ", command) + "\n" + output);
        }
        String[] lines = output.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** The interop environment's python, or null (said why) where it cannot be had. */
    static String interopPython() throws Exception {
        String configured = System.getenv("INTEROP_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path builder = Path.of("").toAbsolutePath().getParent().resolve("shared/tools/python-interop-env");
        if (!Files.isExecutable(builder)) {
            System.out.println("side-by-side: skipped: set INTEROP_PYTHON to a Python with adapters, transformers "
                    + "and torch (or have " + builder + ")");
            return null;
        }
        Process process = new ProcessBuilder("bash", builder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || output.isEmpty()) {
            System.out.println("side-by-side: skipped: " + builder + " could not build the environment");
            return null;
        }
        return output.substring(output.lastIndexOf('\n') + 1);
    }
}
