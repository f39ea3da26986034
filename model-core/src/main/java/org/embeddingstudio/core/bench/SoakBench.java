package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a session does, over and over for a few minutes: add an embedding, save it, delete it, load it back,
 * train an adapter for one step with it, delete adapter and embedding. Resident memory is sampled after every
 * cycle; a native leak in any of these shows as a curve that keeps rising after the warm-up.
 */
final class SoakBench {
    static final int TOKENS = 8_000;
    static final int DIMENSION = 128;
    static final int WARM_UP = 10;

    private final Path work;
    private final double seconds;

    SoakBench(Path work, double seconds) {
        this.work = work;
        this.seconds = seconds;
    }

    void run() throws Exception {
        SyntheticTokenizers.Loaded base = SyntheticTokenizers.create(work.resolve("soak-base"), TOKENS, TOKENS / 2,
                "b");
        SyntheticTokenizers.Loaded other = SyntheticTokenizers.create(work.resolve("soak-other"), TOKENS,
                TOKENS / 2, "o");
        Path text = work.resolve("soak-corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("s" + (i % 900) + " o" + (i * 7 % 3000) + " s" + (i * 13 % 2000) + " o" + i);
        }
        Files.write(text, lines);
        Path saved = work.resolve("soak-embedding");
        TrainingConfig training = TrainingConfig.defaults().withSteps(1).withBatch(8, 32).withEvaluation(0.1, 0);
        BertConfig config = BertConfig.of(Architecture.BERT, TOKENS, DIMENSION, 2, 4, 512, 128);
        List<long[]> samples = new ArrayList<>();
        try (AdapterModel model = AdapterModel.random(config, base.tokenizer(), Device.cpu(), 1)) {
            long start = System.nanoTime();
            long deadline = start + (long) ((seconds) * 1e9);
            int cycle = 0;
            while (cycle < WARM_UP || System.nanoTime() < deadline) {
                model.addEmbeddings("soak", other.tokenizer(), "default", base.tokenizer(),
                        EmbeddingOptions.defaults().withSeed(cycle));
                model.saveEmbeddings(saved, "soak", other.tokenizer());
                model.deleteEmbeddings("soak");
                model.loadEmbeddings(saved, "loaded");
                model.setActiveEmbeddings("loaded");
                model.addAdapter("soak", BottleneckConfig.seqBn());
                model.trainAdapter("soak", false);
                new AdapterTrainer<>(model, MaskedLmTask.fromTextFile(text, other.tokenizer(), training), training,
                        TrainingListener.NONE).train(CancellationToken.none());
                model.deleteAdapter("soak");
                model.setActiveEmbeddings("default");
                model.deleteEmbeddings("loaded");
                cycle++;
                if (cycle == WARM_UP) {
                    System.gc();
                    start = System.nanoTime();
                    deadline = start + (long) (seconds * 1e9);
                }
                if (cycle >= WARM_UP) {
                    Runtime runtime = Runtime.getRuntime();
                    samples.add(new long[] {System.nanoTime() - start, ResidentMemory.bytes(), runtime.totalMemory()});
                }
            }
        }
        print(samples);
    }

    private static void print(List<long[]> samples) {
        long first = samples.get(0)[1];
        long last = samples.get(samples.size() - 1)[1];
        long max = samples.stream().mapToLong(s -> s[1]).max().orElseThrow();
        System.out.printf(Locale.ROOT, "soak: %d cycles of add %d × %d / save / delete / load / train one step in"
                        + " %.0f s after %d warm-up cycles%n", samples.size(), TOKENS, DIMENSION,
                samples.get(samples.size() - 1)[0] / 1e9, WARM_UP);
        int step = Math.max(1, samples.size() / 10);
        // The Java heap grows in steps of its own until it settles; VmRSS minus the committed heap is what a native
        // leak would make grow.
        StringBuilder curve = new StringBuilder("soak: curve (s: VmRSS MB / outside the Java heap MB):");
        for (int i = 0; i < samples.size(); i += step) {
            long[] sample = samples.get(i);
            curve.append(String.format(Locale.ROOT, " %.0f:%d/%d", sample[0] / 1e9, sample[1] >> 20,
                    (sample[1] - sample[2]) >> 20));
        }
        System.out.println(curve);
        long[] firstSample = samples.get(0);
        long[] lastSample = samples.get(samples.size() - 1);
        long firstNative = firstSample[1] - firstSample[2];
        long lastNative = lastSample[1] - lastSample[2];
        System.out.printf(Locale.ROOT, "soak: VmRSS start %d MB, end %d MB, max %d MB (%+.1f %%); outside the Java"
                        + " heap start %d MB, end %d MB (%+.1f %%)%n", first >> 20, last >> 20, max >> 20,
                100.0 * (last - first) / first, firstNative >> 20, lastNative >> 20,
                100.0 * (lastNative - firstNative) / firstNative);
    }
}
