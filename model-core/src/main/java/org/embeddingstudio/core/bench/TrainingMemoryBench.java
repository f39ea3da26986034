package org.embeddingstudio.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.NativeAllocator;
import org.embeddingstudio.core.engine.NativeMemory;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resident memory while training, the app's way (masked-LM, SeqBn adapter plus the embedding, batch 8 × 128, AdamW),
 * under each native-memory setting side by side: each setting trains in a JVM of its own, started as the launchers
 * start the app (no -Xmx; the heap handed back after 5 s without a collection), since malloc settings and arenas are
 * fixed per process. Prints peak resident memory, throughput, and
 * the floor the run needs (parameters + gradients + optimizer state + activations) for the demo's size
 * (all-MiniLM-L6-v2: 6 layers, hidden 384) and for bert-base.
 *
 * <p>Targets (issue 13 §7): demo ≤ 1.5 GB resident; bert-base ≤ 2 × the floor; throughput within 10 % of the
 * fastest setting.
 */
final class TrainingMemoryBench {
    static final BertConfig DEMO = BertConfig.of(Architecture.BERT, 30_522, 384, 6, 12, 1536, 512);
    static final BertConfig BERT_BASE = BertConfig.of(Architecture.BERT, 30_522, 768, 12, 12, 3072, 512);
    static final int BATCH = 8;
    static final int LENGTH = 128;
    static final double MASKED = TrainingConfig.defaults().maskProbability();

    /** A native-memory setting: the --malloc flag of the child and the environment it starts with. */
    record Variant(String name, String malloc, Map<String, String> environment) {
    }

    static final List<Variant> GLIBC_VARIANTS = List.of(
            new Variant("keep (mallopt: nothing trimmed or unmapped)", "keep", Map.of()),
            new Variant("glibc defaults", "default", Map.of()),
            new Variant("keep + MALLOC_ARENA_MAX=2", "keep", Map.of("MALLOC_ARENA_MAX", "2")),
            new Variant("keep + mallopt(M_ARENA_MAX, 2) in-process", "keep-2-arenas", Map.of()),
            new Variant("keep + mallopt(M_ARENA_MAX, 1) in-process", "keep-1-arena", Map.of()),
            new Variant("thresholds (32 MiB mmap threshold, no trim)", "thresholds", Map.of()),
            new Variant("thresholds + MALLOC_ARENA_MAX=2", "thresholds", Map.of("MALLOC_ARENA_MAX", "2")));

    static final List<Variant> VARIANTS = variants();

    private static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>(GLIBC_VARIANTS);
        // The launchers' choice where it is installed (NativeAllocator): the library preloaded, as a relaunch does.
        NativeAllocator.tcmallocLibrary().ifPresent(library -> variants.add(0, new Variant(
                "tcmalloc (the launchers' choice)", "default", Map.of("LD_PRELOAD", library.toString()))));
        return List.copyOf(variants);
    }

    private final Path work;

    TrainingMemoryBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        List<String> sizes = List.of(System.getenv().getOrDefault("MEMORY_BENCH_SIZES", "demo,bert-base").split(","));
        for (String size : sizes) {
            BertConfig config = size.equals("bert-base") ? BERT_BASE : DEMO;
            int steps = size.equals("bert-base") ? 4 : 10;
            System.out.printf(Locale.ROOT, "%s (%d layers, hidden %d, vocabulary %d), batch %d × %d, %d measured "
                    + "steps after 2:%n", size, config.numHiddenLayers(), config.hiddenSize(), config.vocabSize(),
                    BATCH, LENGTH, steps);
            Map<Variant, Map<String, Double>> results = new LinkedHashMap<>();
            for (Variant variant : VARIANTS) {
                results.put(variant, child(variant, size, steps));
            }
            double fastest = results.values().stream().mapToDouble(r -> r.get("tokens_per_second")).max().orElse(1);
            double floor = floorBytes(config, results.values().iterator().next().get("trainable"));
            System.out.printf(Locale.ROOT, "  floor: parameters + gradients + AdamW state + activations ≈ %.0f MB%n",
                    floor / 1e6);
            System.out.printf(Locale.ROOT, "  %-46s %10s %10s %10s %9s %8s%n", "setting", "peak RSS", "× floor",
                    "heap", "tokens/s", "speed");
            results.forEach((variant, r) -> System.out.printf(Locale.ROOT,
                    "  %-46s %7.0f MB %9.2f× %7.0f MB %9.0f %7.0f %%%n", variant.name(), r.get("peak_rss") / 1e6,
                    r.get("peak_rss") / floor, r.get("heap_committed") / 1e6, r.get("tokens_per_second"),
                    100 * r.get("tokens_per_second") / fastest));
        }
    }

    /**
     * What the run needs at least, fp32: every parameter; a gradient and AdamW's two moments per trainable one; the
     * activations kept for the backward pass (per layer about s·b·h·(68 + 10·a·s/h) bytes, Korthikanti et al. 2022,
     * doubled for fp32) and the masked-LM logits with their softmax and gradient (3 · m·V floats, m the masked
     * positions: {@link org.embeddingstudio.core.training.MaskedLmTask} predicts only those, 15 % of the tokens).
     */
    static double floorBytes(BertConfig c, double trainable) {
        double h = c.hiddenSize();
        double layers = c.numHiddenLayers() * (4 * h * h + 4 * h + 2 * h * c.intermediateSize()
                + c.intermediateSize() + h + 4 * h);
        double parameters = (c.vocabSize() + c.maxPositionEmbeddings() + c.typeVocabSize()) * h + 2 * h + layers
                + h * h + h + h * h + 3 * h + c.vocabSize();
        double sbh = (double) BATCH * LENGTH * h;
        double activations = c.numHiddenLayers() * sbh * (68 + 10.0 * c.numAttentionHeads() * LENGTH / h)
                + 3.0 * MASKED * BATCH * LENGTH * c.vocabSize() * 4;
        return 4 * parameters + 3 * 4 * trainable + activations;
    }

    private Map<String, Double> child(Variant variant, String size, int steps) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-XX:G1PeriodicGCInterval=5000",
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), TrainingMemoryBench.class.getName(), variant.malloc(), size,
                Integer.toString(steps), work.resolve("memory-" + size).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MALLOC_ARENA_MAX");
        builder.environment().remove("LD_PRELOAD");
        builder.environment().putAll(variant.environment());
        Process process = builder.start();
        Map<String, Double> result = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=");
                        result.put(kv[0], Double.parseDouble(kv[1]));
                    }
                }
            }
        }
        if (process.waitFor() != 0 || !result.containsKey("peak_rss")) {
            throw new IllegalStateException("the " + variant.name() + " run failed:\n" + String.join("\n", output));
        }
        return result;
    }

    /** A child: args = malloc setting, size ("demo" or "bert-base"), measured steps, work folder. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keep" -> NativeMemory.keepFreedMemory();
            case "thresholds" -> NativeMemory.keepFreedMemory(NativeMemory.Settings.thresholdsOnly());
            case "keep-2-arenas" -> NativeMemory.keepFreedMemory(new NativeMemory.Settings(
                    NativeMemory.MAX_MMAP_THRESHOLD, Integer.MAX_VALUE, 64 << 20, 0, 2));
            case "keep-1-arena" -> NativeMemory.keepFreedMemory(new NativeMemory.Settings(
                    NativeMemory.MAX_MMAP_THRESHOLD, Integer.MAX_VALUE, 64 << 20, 0, 1));
            default -> { }
        }
        BertConfig config = args[1].equals("bert-base") ? BERT_BASE : DEMO;
        int measured = Integer.parseInt(args[2]);
        Path folder = Path.of(args[3]);
        SyntheticTokenizers.Loaded tokenizer = SyntheticTokenizers.create(folder.resolve("tokenizer"),
                config.vocabSize(), config.vocabSize(), "unused");
        Path text = TrainingBench.corpus(folder.resolve("corpus.txt"), config.vocabSize());
        int warmUp = 2;
        TrainingConfig training = TrainingConfig.defaults().withBatch(BATCH, LENGTH).withSteps(warmUp + measured)
                .withEvaluation(0.0, 0);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ResidentMemory.bytes(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try (AdapterModel model = AdapterModel.random(config, tokenizer.tokenizer(), Device.cpu(), 1)) {
            model.addAdapter("bench", BottleneckConfig.seqBn());
            model.trainAdapter("bench", true);
            long trainable = 0;
            for (NDArray parameter : model.trainableParameters().values()) {
                trainable += parameter.size();
            }
            MaskedLmTask task = MaskedLmTask.fromTextFile(text, tokenizer.tokenizer(), training);
            List<Long> stepEnds = new ArrayList<>();
            new AdapterTrainer<>(model, task, training, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    stepEnds.add(System.nanoTime());
                }
            }).train(CancellationToken.none());
            double[] seconds = new double[measured];
            for (int i = 0; i < measured; i++) {
                seconds[i] = (stepEnds.get(warmUp + i) - stepEnds.get(warmUp + i - 1)) / 1e9;
            }
            peak.accumulateAndGet(ResidentMemory.bytes(), Math::max);
            sampler.interrupt();
            System.out.printf(Locale.ROOT, "RESULT peak_rss=%d heap_committed=%d tokens_per_second=%.1f "
                            + "trainable=%d%n", peak.get(), Runtime.getRuntime().totalMemory(),
                    BATCH * LENGTH / Stats.median(seconds), trainable);
        }
    }
}
