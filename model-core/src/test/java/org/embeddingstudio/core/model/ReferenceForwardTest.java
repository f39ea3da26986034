package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.transformer.BertEncoder;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model folder loaded by {@link ModelLoader} computes what PyTorch computes: outputs written by
 * src/test/python/make_reference.py, which follows transformers' modeling_bert.py / modeling_roberta.py.
 */
class ReferenceForwardTest {
    static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta"})
    void hiddenStatesPoolerAndMaskedLmLogitsMatchPytorch(String architecture) throws Exception {
        Path folder = Path.of("src/test/resources/reference/tiny-" + architecture);
        Map<String, HostTensor> expected = Safetensors.read(folder.resolve("expected.safetensors")).tensors();
        try (AdapterModel model = ModelLoader.load(folder, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            assertEquals(99, model.vocabSize());
            TokenBatch batch = new TokenBatch(array(manager, expected, "input_ids"),
                    array(manager, expected, "token_type_ids"), array(manager, expected, "attention_mask"));
            NDArray hidden = model.hiddenStates(batch);
            assertClose(array(manager, expected, "last_hidden_state"), hidden);
            assertClose(array(manager, expected, "pooler_output"), new BertEncoder(model.weights()).pool(hidden));
            assertClose(array(manager, expected, "mlm_logits"), model.maskedLmLogits(batch));
            assertTrue(!model.maskedLmHeadIsFresh(), "the checkpoint's own masked-LM head is used");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seq_bn", "double_seq_bn"})
    void adaptersFoldersLoadAndComputeWhatAdaptersComputes(String kind) throws Exception {
        Path reference = Path.of("src/test/resources/reference");
        Map<String, HostTensor> inputs =
                Safetensors.read(reference.resolve("tiny-bert/expected.safetensors")).tensors();
        Map<String, HostTensor> expected =
                Safetensors.read(reference.resolve("expected_adapters.safetensors")).tensors();
        try (AdapterModel model = ModelLoader.load(reference.resolve("tiny-bert"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            String name = model.loadAdapter(reference.resolve("adapter-" + kind), null);
            assertEquals("lang_" + kind, name);
            model.setActiveAdapter(name);
            TokenBatch batch = new TokenBatch(array(manager, inputs, "input_ids"),
                    array(manager, inputs, "token_type_ids"), array(manager, inputs, "attention_mask"));
            assertClose(array(manager, expected, "hidden_" + kind), model.hiddenStates(batch));
        }
    }

    static NDArray array(NDManager manager, Map<String, HostTensor> tensors, String name) {
        return HostTensors.toNDArray(manager, tensors.get(name));
    }

    static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float maxDiff = expected.sub(actual).abs().max().getFloat();
        assertTrue(maxDiff < TOLERANCE, "max abs difference " + maxDiff + " exceeds " + TOLERANCE);
    }
}
