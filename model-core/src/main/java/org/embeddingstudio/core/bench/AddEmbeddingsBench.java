package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * addEmbeddings for a 250 000-token vocabulary from a 120 000-token reference embedding (60 000 tokens shared),
 * dimension 768: 190 000 drawn rows and 60 000 copied. Target: under 1.5 s.
 */
final class AddEmbeddingsBench {
    static final int NEW_TOKENS = 250_000;
    static final int REFERENCE_TOKENS = 120_000;
    static final int SHARED = 60_000;
    static final int DIMENSION = 768;
    static final int RUNS = 5;

    private final Path work;

    AddEmbeddingsBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        SyntheticTokenizers.Loaded reference = SyntheticTokenizers.create(work.resolve("reference-tokenizer"),
                REFERENCE_TOKENS, SHARED, "r");
        SyntheticTokenizers.Loaded target = SyntheticTokenizers.create(work.resolve("new-tokenizer"),
                NEW_TOKENS, SHARED, "n");
        System.out.printf(Locale.ROOT, "tokenizer loading (not timed below): %d tokens %.2f s, %d tokens %.2f s%n",
                REFERENCE_TOKENS, reference.seconds(), NEW_TOKENS, target.seconds());
        // No encoder layers: only the embedding matters here, and a smaller model leaves the cores to the benchmark.
        BertConfig config = BertConfig.of(Architecture.BERT, REFERENCE_TOKENS, DIMENSION, 0, 12, 3072, 512);
        try (AdapterModel model = AdapterModel.random(config, reference.tokenizer(), Device.cpu(), 1)) {
            double[] seconds = new double[RUNS];
            CpuShare share = new CpuShare();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                EmbeddingInitializer.Created created = model.addEmbeddings("new", target.tokenizer(), "default",
                        reference.tokenizer(), EmbeddingOptions.defaults().withSeed(run));
                seconds[run] = (System.nanoTime() - start) / 1e9;
                if (run == 0) {
                    System.out.printf(Locale.ROOT, "rows %d (copied %d, drawn %d), %d MB%n",
                            created.embedding().rows(), created.copiedRows(), created.randomRows(),
                            (long) NEW_TOKENS * DIMENSION * 4 / 1_000_000);
                }
                model.deleteEmbeddings("new");
            }
            System.out.printf(Locale.ROOT, "addEmbeddings: first %.3f s, best %.3f s, median %.3f s (target < 1.5 s)%n",
                    seconds[0], Arrays.stream(seconds).min().orElseThrow(), Stats.median(seconds));
            System.out.println(share.describe());
        }
    }
}
