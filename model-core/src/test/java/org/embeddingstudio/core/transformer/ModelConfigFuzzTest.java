package org.embeddingstudio.core.transformer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.embeddingstudio.core.io.FuzzedFiles;

import java.nio.file.Path;

/** Fuzz target for a model's config.json, whose sizes decide every allocation and lookup that follows. */
class ModelConfigFuzzTest {

    @FuzzTest
    void configJson(byte[] bytes) {
        Path file = FuzzedFiles.write("config.json", bytes);
        FuzzedFiles.readOrRefused(file, () -> {
            BertConfig config = BertConfig.read(file);
            // The same limits torch's modules enforce when transformers builds the model from this config.
            boolean usable = config.padTokenId() >= 0 && config.padTokenId() < config.vocabSize()
                    && config.hiddenDropoutProb() >= 0 && config.hiddenDropoutProb() <= 1
                    && config.attentionProbsDropoutProb() >= 0 && config.attentionProbsDropoutProb() <= 1
                    && config.layerNormEps() > 0 && Float.isFinite(config.layerNormEps())
                    && Float.isFinite(config.initializerRange()) && config.initializerRange() >= 0;
            if (!usable) {
                throw new AssertionError("accepted a config no model can be built from: " + config);
            }
        });
    }
}
