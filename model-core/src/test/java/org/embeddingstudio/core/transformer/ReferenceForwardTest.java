package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forward pass against PyTorch outputs written by src/test/python/make_reference.py. */
class ReferenceForwardTest {
    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta"})
    void hiddenStatesPoolerAndLogitsMatchPytorch(String architecture) throws Exception {
        Path folder = Path.of("src/test/resources/reference/tiny-" + architecture);
        BertConfig config = BertConfig.read(folder.resolve("config.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = decode(manager, folder.resolve("model.safetensors"));
            Map<String, NDArray> expected = decode(manager, folder.resolve("expected.safetensors"));
            String prefix = config.architecture().parameterPrefix();
            Map<String, NDArray> base = new HashMap<>();
            tensors.forEach((name, value) -> {
                if (name.startsWith(prefix)) {
                    base.put(name.substring(prefix.length()), value);
                }
            });
            BertWeights weights = BertWeights.of(config, manager, base, 0L);
            NDArray words = base.get(BertWeights.WORD_EMBEDDINGS);
            Map<String, NDArray> head = new HashMap<>();
            String headPrefix = architecture.equals("bert") ? "cls.predictions." : "lm_head.";
            tensors.forEach((name, value) -> {
                if (name.startsWith(headPrefix)) {
                    head.put(name.substring(headPrefix.length()).replace("layer_norm", "transform.LayerNorm")
                            .replace("dense", "transform.dense").replace("transform.transform", "transform"), value);
                }
            });
            MaskedLmHead mlm = MaskedLmHead.of(config, manager, head);
            try (NDScope ignored = new NDScope()) {
                TokenBatch batch = new TokenBatch(expected.get("input_ids"), expected.get("token_type_ids"),
                        expected.get("attention_mask"));
                BertEncoder encoder = new BertEncoder(weights);
                NDArray hidden = encoder.forward(words, batch, ResidualHook.NONE, false);
                assertClose(expected.get("last_hidden_state"), hidden, 1e-5);
                assertClose(expected.get("pooler_output"), encoder.pool(hidden), 1e-5);
                assertClose(expected.get("mlm_logits"), mlm.logits(hidden, words, head.get("bias")), 1e-5);
            }
        }
    }

    static void assertClose(NDArray expected, NDArray actual, double tolerance) {
        assertTrue(expected.getShape().equals(actual.getShape()), "shape " + actual.getShape() + " vs " + expected.getShape());
        float maxDiff = expected.sub(actual).abs().max().getFloat();
        assertTrue(maxDiff < tolerance, "max abs difference " + maxDiff + " exceeds " + tolerance);
    }

    static Map<String, NDArray> decode(NDManager manager, Path file) throws Exception {
        Map<String, NDArray> map = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray array : NDList.decode(manager, in)) {
                map.put(array.getName(), array);
            }
        }
        return map;
    }
}
