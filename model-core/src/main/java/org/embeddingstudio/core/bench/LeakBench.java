package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * 1 000 addEmbeddings/deleteEmbeddings cycles of a 30 000 × 256 embedding (31 MB): resident memory after them must
 * be within 5 % of resident memory after a warm-up, or native memory leaks with every embedding.
 */
final class LeakBench {
    static final int CYCLES = 1_000;
    static final int WARM_UP = 50;
    static final int TOKENS = 30_000;
    static final int DIMENSION = 256;

    private final Path work;

    LeakBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        SyntheticTokenizers.Loaded tokenizer = SyntheticTokenizers.create(work.resolve("leak-tokenizer"), TOKENS,
                TOKENS / 2, "l");
        SyntheticTokenizers.Loaded base = SyntheticTokenizers.create(work.resolve("leak-base"), TOKENS, TOKENS / 2,
                "b");
        BertConfig config = BertConfig.of(Architecture.BERT, TOKENS, DIMENSION, 1, 4, 1024, 512);
        try (AdapterModel model = AdapterModel.random(config, base.tokenizer(), Device.cpu(), 1)) {
            long start = System.nanoTime();
            long baseline = 0;
            for (int cycle = 0; cycle < WARM_UP + CYCLES; cycle++) {
                if (cycle == WARM_UP) {
                    System.gc();
                    baseline = ResidentMemory.bytes();
                    start = System.nanoTime();
                }
                model.addEmbeddings("cycle", tokenizer.tokenizer(), "default", base.tokenizer(),
                        EmbeddingOptions.defaults().withSeed(cycle));
                model.deleteEmbeddings("cycle");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long after = ResidentMemory.bytes();
            System.out.printf(Locale.ROOT, "%d cycles of %d × %d (%.1f MB each) in %.1f s: VmRSS %d MB after "
                            + "%d warm-up cycles, %d MB after, growth %+.2f %% (target < 5 %%)%n", CYCLES, TOKENS,
                    DIMENSION, TOKENS * DIMENSION * 4 / 1e6, seconds, baseline >> 20, WARM_UP, after >> 20,
                    100.0 * (after - baseline) / baseline);
        }
    }
}
