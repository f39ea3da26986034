package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDManager;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.io.FuzzedFiles;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for adapter_config.json: a fuzzed config beside the real weights of the reference seq_bn adapter,
 * loaded into the tiny reference BERT. A config for another architecture or hidden size must be refused before
 * any weight is used.
 */
class AdapterConfigFuzzTest {
    private static final Path REFERENCE = Path.of("src/test/resources/reference");
    private static final BertConfig MODEL = readModel();

    @FuzzTest
    void adapterConfig(byte[] bytes) throws IOException {
        Path folder = FuzzedFiles.folder("adapter");
        Files.write(folder.resolve(AdapterFiles.CONFIG), bytes);
        Files.copy(REFERENCE.resolve("adapter-seq_bn").resolve(AdapterFiles.WEIGHTS),
                folder.resolve(AdapterFiles.WEIGHTS));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            FuzzedFiles.readOrRefused(folder, () -> {
                BottleneckAdapter loaded = AdapterFiles.load(folder, null, AdapterPlacement.of(MODEL), manager);
                if (loaded.config().reductionFactor() <= 0) {
                    throw new AssertionError("accepted an adapter with reduction factor "
                            + loaded.config().reductionFactor());
                }
            });
        }
    }

    private static BertConfig readModel() {
        try {
            return BertConfig.read(REFERENCE.resolve("tiny-bert/config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
