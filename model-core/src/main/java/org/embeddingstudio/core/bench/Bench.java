package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.engine.Engines;
import org.embeddingstudio.core.engine.NativeAllocator;
import org.embeddingstudio.core.engine.NativeMemory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmarks of the targets. Each prints its figures (never asserts them: timings belong in a report, not in
 * a unit test that fails on a busy machine).
 *
 * <pre>
 * bin/bench [--malloc=keep|thresholds|default] training|add-embeddings|save-load|leak|matmul|alloc|omp|overlap|bpe|all
 * </pre>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String malloc = "keep";
        List<String> commands = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--malloc=")) {
                malloc = arg.substring("--malloc=".length());
            } else {
                commands.add(arg);
            }
        }
        if (commands.isEmpty()) {
            System.err.println("usage: bench [--malloc=keep|thresholds|default|tcmalloc] "
                    + "training|training-vs-adapters|training-memory|add-embeddings|save-load|leak|soak|matmul|"
                    + "alloc|omp|overlap|bpe|decoder|decoder-training|head-loss|precision|all");
            System.exit(2);
        }
        // Before anything loads PyTorch: the settings must govern its allocations from the first one.
        switch (malloc) {
            case "keep" -> NativeMemory.keepFreedMemory();
            case "thresholds" -> NativeMemory.keepFreedMemory(NativeMemory.Settings.thresholdsOnly());
            case "default" -> { }
            // As the app and the CLI run where tcmalloc is installed: this process starts again under it.
            case "tcmalloc" -> NativeAllocator.relaunchUnderTcmalloc(Bench.class);
            default -> throw new IllegalArgumentException("--malloc must be keep, thresholds, default or tcmalloc");
        }
        System.out.println(NativeMemory.describe());
        System.out.println(Engines.pytorch().describe());
        System.out.println("java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        Path work = Files.createTempDirectory("embedding-studio-bench");
        try {
            for (String command : commands.contains("all")
                    ? List.of("matmul", "alloc", "leak", "add-embeddings", "save-load", "training", "overlap", "bpe")
                    : commands) {
                System.out.println();
                System.out.println("== " + command);
                switch (command) {
                    case "training" -> new TrainingBench(work).run();
                    case "training-vs-adapters" -> new TrainingSideBySideBench(work).run();
                    case "training-memory" -> new TrainingMemoryBench(work).run();
                    case "add-embeddings" -> new AddEmbeddingsBench(work).run();
                    case "save-load" -> new SaveLoadBench(work).run();
                    case "leak" -> new LeakBench(work).run();
                    case "soak" -> new SoakBench(work, Double.parseDouble(
                            System.getenv().getOrDefault("SOAK_SECONDS", "180"))).run();
                    case "matmul" -> MatmulBench.print();
                    case "alloc" -> AllocationBench.print();
                    case "omp" -> OmpBench.print();
                    case "overlap" -> new OverlapBench(work).run();
                    case "bpe" -> new BpeTrainingBench().run();
                    case "decoder" -> new DecoderBench(work).run();
                    case "decoder-training" -> new DecoderBench(work).runTraining();
                    case "head-loss" -> new HeadLossBench().run();
                    case "precision" -> new PrecisionBench(work).run();
                    default -> throw new IllegalArgumentException("unknown benchmark '" + command + "'; known: "
                            + Arrays.asList("training", "training-vs-adapters", "training-memory", "add-embeddings",
                            "save-load", "leak", "soak", "matmul", "alloc", "omp", "overlap", "bpe", "decoder",
                            "decoder-training", "head-loss", "precision", "all"));
                }
            }
        } finally {
            Deletes.recursively(work);
        }
    }
}
