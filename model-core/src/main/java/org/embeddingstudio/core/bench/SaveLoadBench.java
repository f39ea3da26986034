package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * saveEmbeddings/loadEmbeddings of a 250 000 × 768 embedding (768 MB), as embedding.pt and as safetensors, on a warm
 * page cache (best of several runs). Target: 1 GB/s each way. The io layer's own read time is printed beside the
 * whole load, so the report can say where the time goes.
 */
final class SaveLoadBench {
    static final int ROWS = 250_000;
    static final int DIMENSION = 768;
    static final int RUNS = 4;

    private final Path work;

    SaveLoadBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        SyntheticTokenizers.Loaded tokenizer = SyntheticTokenizers.create(work.resolve("save-load-tokenizer"),
                ROWS, 5, "t");
        double gigabytes = (double) ROWS * DIMENSION * Float.BYTES / 1e9;
        BertConfig config = BertConfig.of(Architecture.BERT, 1000, DIMENSION, 0, 12, 3072, 512);
        SyntheticTokenizers.Loaded small = SyntheticTokenizers.create(work.resolve("small-tokenizer"), 1000, 5, "m");
        try (AdapterModel model = AdapterModel.random(config, small.tokenizer(), Device.cpu(), 1)) {
            model.addEmbeddings("big", tokenizer.tokenizer(), null, null, EmbeddingOptions.defaults().withSeed(3));
            for (EmbeddingFormat format : new EmbeddingFormat[]{EmbeddingFormat.PT, EmbeddingFormat.SAFETENSORS}) {
                Path folder = work.resolve("saved-" + format.name().toLowerCase(Locale.ROOT));
                double save = Double.MAX_VALUE;
                double load = Double.MAX_VALUE;
                double ioRead = Double.MAX_VALUE;
                double ioWrite = Double.MAX_VALUE;
                Path alone = work.resolve("io-write-alone");
                for (int run = 0; run < RUNS; run++) {
                    long start = System.nanoTime();
                    model.saveEmbeddings(folder, "big", null, format);
                    save = Math.min(save, (System.nanoTime() - start) / 1e9);
                    start = System.nanoTime();
                    model.loadEmbeddings(folder, "loaded");
                    load = Math.min(load, (System.nanoTime() - start) / 1e9);
                    model.deleteEmbeddings("loaded");
                    start = System.nanoTime();
                    if (format == EmbeddingFormat.PT) {
                        TorchFile.read(folder.resolve(EmbeddingFiles.PT_FILE));
                    } else {
                        Safetensors.read(folder.resolve(EmbeddingFiles.SAFETENSORS_FILE));
                    }
                    ioRead = Math.min(ioRead, (System.nanoTime() - start) / 1e9);
                    // Written under the model's lock: the view shares the embedding's memory (no copy is timed).
                    double written = model.read(parts -> {
                        HostTensor weight = HostTensors.viewOf(parts.embedding("big").weight());
                        long begin = System.nanoTime();
                        if (format == EmbeddingFormat.PT) {
                            TorchFile.writeParameter(alone, weight, false);
                        } else {
                            Safetensors.write(alone, Map.of("weight", weight), Map.of("format", "pt"));
                        }
                        return (System.nanoTime() - begin) / 1e9;
                    });
                    ioWrite = Math.min(ioWrite, written);
                }
                System.out.printf(Locale.ROOT, "%-11s save %.3f s = %.2f GB/s "
                                + "(io write alone %.3f s, fsync included) | "
                                + "load %.3f s = %.2f GB/s (io read alone %.3f s) (target 1 GB/s)%n", format, save,
                        gigabytes / save, ioWrite, load, gigabytes / load, ioRead);
            }
        }
    }
}
