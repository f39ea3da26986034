package org.embeddingstudio.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.generation.GenerationOptions;
import org.embeddingstudio.core.generation.TextGenerator;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decoder models: loading a SmolLM2-135M-shaped and a Llama-3.2-1B-shaped bf16 checkpoint (seconds, peak resident
 * memory against the float32 weights the model holds), and greedy generation with a KV cache beside transformers'
 * {@code generate()} on PyTorch 2.13 in the interop environment, interleaved in one run. The checkpoints are
 * written by {@code decoder_bench.py} with parameter names and shapes from transformers' own LlamaForCausalLM.
 */
final class DecoderBench {
    private static final String SCRIPT = "decoder_bench.py";
    private static final int PROMPT = 32;
    private static final int NEW_TOKENS = 64;
    private static final int ROUNDS = 3;
    private final Path work;

    DecoderBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        String python = TrainingSideBySideBench.interopPython();
        if (python == null) {
            return;
        }
        Path script = script();
        int threads = Runtime.getRuntime().availableProcessors();
        Path small = checkpoint(python, script, "smollm2-135m");
        load("smollm2-135m", small);
        generation(python, script, small, threads);
        load("llama-1b", checkpoint(python, script, "llama-1b"));
    }

    /**
     * A causal-LM training step with a seq_bn adapter and the embedding training, batch 8 × 256, on a
     * SmolLM2-135M-shaped model: ours through {@link AdapterTrainer}, adapters + transformers + PyTorch 2.13 in the
     * interop environment, on the same token blocks, in one run; the first step of each is a warm-up.
     */
    void runTraining() throws Exception {
        String python = TrainingSideBySideBench.interopPython();
        if (python == null) {
            return;
        }
        Path script = script();
        int threads = Runtime.getRuntime().availableProcessors();
        Path folder = checkpoint(python, script, "smollm2-135m");
        run(List.of(python, script.toString(), "vocabulary", folder.toString()));
        Path blocks = work.resolve("blocks.safetensors");
        long[][] ids = randomBlocks(TRAINING_STEPS * 8 + 8, 256, 49_152);
        writeBlocks(ids, blocks);
        // Interleaved rounds, each side warmed up in its own process or model, medians of the timed steps.
        List<Double> ours = new ArrayList<>();
        List<Double> oursBf16 = new ArrayList<>();
        List<Double> pytorch = new ArrayList<>();
        List<Double> pytorchBf16 = new ArrayList<>();
        List<Double> ourLosses = new ArrayList<>();
        List<Double> ourBf16Losses = new ArrayList<>();
        List<Double> theirLosses = new ArrayList<>();
        List<Double> roundRatios = new ArrayList<>();
        for (int round = 0; round < TRAINING_ROUNDS; round++) {
            JsonNode theirs = new ObjectMapper().readTree(lastLine(run(List.of(python, script.toString(), "train",
                    folder.toString(), blocks.toString(), "" + TRAINING_STEPS, "" + threads))));
            theirs.get("tokens_per_second").forEach(speed -> pytorch.add(speed.asDouble()));
            theirs.get("losses").forEach(loss -> theirLosses.add(loss.asDouble()));
            // The reference under torch.autocast too, so the bf16 figures also compare like with like.
            new ObjectMapper().readTree(lastLine(run(List.of(python, script.toString(), "train", folder.toString(),
                    blocks.toString(), "" + TRAINING_STEPS, "" + threads, "bf16")))).get("tokens_per_second")
                    .forEach(speed -> pytorchBf16.add(speed.asDouble()));
            split(trainOurs(folder, ids, Precision.FP32), ours, ourLosses);
            split(trainOurs(folder, ids, Precision.BF16), oursBf16, ourBf16Losses);
            double roundRatio = median(lastRoundOf(oursBf16)) / median(lastRoundOf(pytorch));
            roundRatios.add(roundRatio);
            System.out.printf(Locale.ROOT, "round %d: ours fp32 %s, ours bf16 %s, adapters fp32 %s, adapters bf16 "
                            + "autocast %s tokens/s; ours bf16 / adapters fp32 %.2f×%n", round + 1, lastRound(ours),
                    lastRound(oursBf16), lastRound(pytorch), lastRound(pytorchBf16), roundRatio);
        }
        System.out.printf(Locale.ROOT, "ours bf16 / adapters fp32 per round: min %.2f×, max %.2f× (goal >= 1.5×)%n",
                roundRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                roundRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        System.out.printf(Locale.ROOT, "train smollm2-135m, seq_bn + embeddings, batch 8 x 256, median of %d steps: "
                        + "ours fp32 %.0f tokens/s (%.2f×), ours bf16 %.0f tokens/s (%.2f×), adapters + transformers "
                        + "fp32 %.0f tokens/s; mean loss ours fp32 %.4f, bf16 %.4f, adapters %.4f (ln 49152 = %.4f)%n",
                ours.size(), median(ours), median(ours) / median(pytorch), median(oursBf16),
                median(oursBf16) / median(pytorch), median(pytorch), mean(ourLosses), mean(ourBf16Losses),
                mean(theirLosses), Math.log(49_152));
        System.out.printf(Locale.ROOT, "bf16 on both sides: ours %.0f tokens/s, adapters + transformers under "
                + "torch.autocast %.0f tokens/s (%.2f×)%n", median(oursBf16), median(pytorchBf16),
                median(oursBf16) / median(pytorchBf16));
    }

    private static String lastRound(List<Double> speeds) {
        return format(lastRoundOf(speeds));
    }

    private static List<Double> lastRoundOf(List<Double> speeds) {
        return speeds.subList(speeds.size() - TRAINING_STEPS, speeds.size());
    }

    private static void split(List<Double> speedsAndLosses, List<Double> speeds, List<Double> losses) {
        for (int i = 0; i < speedsAndLosses.size(); i += 2) {
            speeds.add(speedsAndLosses.get(i));
            losses.add(speedsAndLosses.get(i + 1));
        }
    }

    // Three: with two, one slow round of the reference (it varies ±15 % within a run) decided the median.
    private static final int TRAINING_ROUNDS = 3;

    private static String format(List<Double> speeds) {
        return String.join(" / ", speeds.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static double median(List<Double> values) {
        return Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static final int TRAINING_STEPS = 4;

    /** Tokens per second and loss of each step after the first, alternating. */
    private static List<Double> trainOurs(Path folder, long[][] ids, Precision precision) throws Exception {
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu())) {
            model.addAdapter("bench", BottleneckConfig.seqBn());
            model.trainAdapter("bench", true);
            TrainingConfig config = TrainingConfig.defaults().withBatch(8, 256).withSteps(TRAINING_STEPS + 1)
                    .withLearningRate(1e-4).withWarmupRatio(0).withEvaluation(0.0, 0).withPrecision(precision);
            CausalLmTask task = CausalLmTask.ofBlocks(List.of(ids), model.tokenizer().orElseThrow(), config);
            List<Double> figures = new ArrayList<>();
            long[] last = {System.nanoTime()};
            new AdapterTrainer<>(model, task, config, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    long now = System.nanoTime();
                    if (progress.step() > 1) {
                        figures.add(8 * 256 / ((now - last[0]) / 1e9));
                        figures.add(progress.loss());
                    }
                    last[0] = now;
                }
            }).train(CancellationToken.none());
            return figures;
        }
    }

    private static long[][] randomBlocks(int rows, int length, int vocabulary) {
        SplittableRandom random = new SplittableRandom(3);
        long[][] ids = new long[rows][length];
        for (long[] row : ids) {
            for (int t = 0; t < length; t++) {
                row[t] = random.nextInt(3, vocabulary);
            }
        }
        return ids;
    }

    private static void writeBlocks(long[][] ids, Path file) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray array = manager.create(ids);
            Safetensors.write(file, Map.of("input_ids", HostTensors.toHost(array)), Map.of());
        }
    }

    private Path script() throws Exception {
        Path script = work.resolve(SCRIPT);
        try (InputStream in = DecoderBench.class.getResourceAsStream(SCRIPT)) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    private Path checkpoint(String python, Path script, String shape) throws Exception {
        Path folder = Files.createDirectories(work.resolve(shape));
        String output = run(List.of(python, script.toString(), "checkpoint", shape, folder.toString()));
        long parameters = Long.parseLong(output.strip().substring(output.strip().lastIndexOf('\n') + 1));
        System.out.printf(Locale.ROOT, "%s: %,d parameters, bf16 files %s%n", shape, parameters,
                mib(folderSize(folder)));
        return folder;
    }

    /** Loads in a child JVM, so its peak resident memory is the loading's alone. */
    private static void load(String shape, Path folder) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String output = run(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                DecoderBench.class.getName(), folder.toString()));
        String result = output.lines().filter(line -> line.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("loading failed:\n" + output));
        String[] values = result.substring(7).split(" ");
        double seconds = Double.parseDouble(values[0]);
        long before = Long.parseLong(values[1]);
        long peak = Long.parseLong(values[2]);
        long weights = Long.parseLong(values[3]);
        System.out.printf(Locale.ROOT, "load %s: %.1f s; peak resident %s = %.2f × the float32 weights (%s); "
                        + "%s of it the JVM and PyTorch before the weights (loading added %.2f × the weights)%n",
                shape, seconds, mib(peak), (double) peak / weights, mib(weights), mib(before),
                (double) (peak - before) / weights);
    }

    private static void generation(String python, Path script, Path folder, int threads) throws Exception {
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu());
             DecoderSnapshot decoder = model.snapshot(model.activeEmbeddings())) {
            TextGenerator generator = new TextGenerator(decoder, null);
            GenerationOptions options = GenerationOptions.greedy(NEW_TOKENS);
            List<Double> ours = new ArrayList<>();
            List<Double> pytorch = new ArrayList<>();
            JsonNode theirs = null;
            long[] generated = null;
            // Interleaved: each round one transformers run (after its own warm-up), then ours (warmed up once).
            for (int round = 0; round < ROUNDS; round++) {
                theirs = new ObjectMapper().readTree(lastLine(run(List.of(python, script.toString(), "generate",
                        folder.toString(), "" + PROMPT, "" + NEW_TOKENS, "1", "" + threads))));
                pytorch.add(theirs.get("tokens_per_second").get(0).asDouble());
                long[] prompt = ids(theirs.get("prompt"));
                if (round == 0) {
                    generator.generate(prompt, options, id -> { }, CancellationToken.none());
                }
                long started = System.nanoTime();
                generated = generator.generate(prompt, options, id -> { }, CancellationToken.none());
                ours.add(generated.length / ((System.nanoTime() - started) / 1e9));
            }
            for (int i = 0; i < ROUNDS; i++) {
                System.out.printf(Locale.ROOT, "generate smollm2-135m, %d new tokens after %d, greedy, KV cache: "
                                + "ours %.1f tokens/s, transformers %.1f tokens/s (ratio %.2f×)%n", NEW_TOKENS,
                        PROMPT, ours.get(i), pytorch.get(i), ours.get(i) / pytorch.get(i));
            }
            System.out.println("same greedy tokens as transformers: "
                    + Arrays.equals(generated, ids(theirs.get("generated"))));
        }
    }

    /** The child: loads the folder and prints RESULT seconds rss_before peak_rss weight_bytes. */
    public static void main(String[] args) throws Exception {
        try (NDManager engine = NDManager.newBaseManager(Device.cpu())) {
            engine.zeros(new Shape(1)); // PyTorch's libraries loaded: counted in "before", not in the loading
        }
        long before = ResidentMemory.peakBytes();
        long started = System.nanoTime();
        try (DecoderModel model = DecoderModel.load(Path.of(args[0]), Device.cpu())) {
            double seconds = (System.nanoTime() - started) / 1e9;
            long weights = 0;
            for (var parameter : model.parameterArrays()) {
                weights += parameter.size() * Float.BYTES;
            }
            System.out.printf(Locale.ROOT, "RESULT %.3f %d %d %d%n", seconds, before, ResidentMemory.peakBytes(),
                    weights);
        }
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static String lastLine(String output) {
        String stripped = output.strip();
        return stripped.substring(stripped.lastIndexOf('\n') + 1);
    }

    private static long[] ids(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asLong();
        }
        return ids;
    }

    private static long folderSize(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
