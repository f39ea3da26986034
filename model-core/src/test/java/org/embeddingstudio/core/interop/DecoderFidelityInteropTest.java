package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tensor.HostTensors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoder models that transformers itself creates from configs and saves with {@code save_pretrained} compute the same
 * logits here, within 1e-5 in fp32: GPT-2, Llama with grouped-query attention and each RoPE scaling, an untied
 * TinyLlama shape, Qwen2 (biases, tied), Mistral (own head_dim, sliding window), Gemma, Gemma 2 (sandwich norms,
 * soft caps, query_pre_attn_scalar, alternating sliding windows); saved in bf16, sharded, or
 * tied with a stray {@code lm_head.weight}. Each on a right-padded batch and on a sequence past the original context.
 */
@Tag("python-interop")
class DecoderFidelityInteropTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path shared;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear", "llama-dynamic", "tinyllama-untied", "qwen2", "mistral",
        "gemma", "gemma2", "llama3-bf16", "tinyllama-sharded", "qwen2-ships-head"})
    void logitsEqualTransformers(String variant) throws Exception {
        Path out = made(variant);
        Map<String, HostTensor> expected = Safetensors.read(out.resolve("expected.safetensors")).tensors();
        try (DecoderModel model = DecoderModel.load(out.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            NDArray ids = array(manager, expected, "input_ids");
            NDArray mask = array(manager, expected, "attention_mask");
            NDArray logits = model.logits(ids, mask, null);
            assertCloseWhereAttended(variant + " padded batch", array(manager, expected, "logits"), logits, mask);
            NDArray longIds = array(manager, expected, "long_input_ids");
            NDArray longLogits = model.logits(longIds, longIds.onesLike(), null);
            assertCloseWhereAttended(variant + " long sequence", array(manager, expected, "long_logits"), longLogits,
                    longIds.onesLike());
        }
    }

    // Not dynamic NTK: its frequencies follow the length seen so far, so cached keys keep the rotation of a shorter
    // sequence — in transformers too, whose one pass and cached generation differ the same way.
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "mistral", "gemma2"})
    void tokenByTokenWithACacheGivesTheLogitsOfOnePass(String variant) throws Exception {
        Path out = made(variant);
        Map<String, HostTensor> expected = Safetensors.read(out.resolve("expected.safetensors")).tensors();
        try (DecoderModel model = DecoderModel.load(out.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope();
             KeyValueCache cache = model.newCache()) {
            NDArray ids = array(manager, expected, "long_input_ids");
            long length = ids.getShape().get(1);
            NDArray reference = array(manager, expected, "long_logits");
            // A prompt of 5 tokens, then one token at a time past the sliding window and the dynamic RoPE's context.
            NDArray prompt = ids.get(new NDIndex(":, :5"));
            NDArray first = model.logits(prompt, prompt.onesLike(), cache);
            assertCloseWhereAttended(variant + " prompt", reference.get(new NDIndex(":, :5")), first,
                    prompt.onesLike());
            for (long t = 5; t < length; t++) {
                NDArray next = ids.get(new NDIndex(":, {}:{}", t, t + 1));
                NDArray seen = manager.ones(new Shape(1, t + 1), ids.getDataType());
                NDArray step = model.logits(next, seen, cache);
                assertCloseWhereAttended(variant + " token " + t, reference.get(new NDIndex(":, {}:{}", t, t + 1)),
                        step, next.onesLike());
            }
            assertEquals(length, cache.length());
        }
    }

    @Test
    void tiedAndUntiedHeadsAreTold() throws Exception {
        try (DecoderModel qwen = DecoderModel.load(made("qwen2-ships-head").resolve("model"), Device.cpu());
             DecoderModel tinyLlama = DecoderModel.load(made("tinyllama-untied").resolve("model"), Device.cpu())) {
            assertTrue(qwen.tied(), "Qwen2 ties its head to the input embeddings although the file has an lm_head");
            assertFalse(tinyLlama.tied());
            assertEquals(List.of(150L, 64L), List.of(tinyLlama.outputRows().getShape().get(0),
                    tinyLlama.outputRows().getShape().get(1)));
        }
    }

    @Test
    void trainModeDropsOutWhereTheConfigSaysAsTransformersDoes() throws Exception {
        for (String variant : new String[] {"gpt2", "llama3"}) {
            Map<String, HostTensor> expected = Safetensors.read(made(variant).resolve("expected.safetensors"))
                    .tensors();
            try (DecoderModel model = DecoderModel.load(made(variant).resolve("model"), Device.cpu());
                 NDManager manager = NDManager.newBaseManager();
                 NDScope ignored = new NDScope()) {
                NDArray ids = array(manager, expected, "input_ids");
                NDArray mask = array(manager, expected, "attention_mask");
                float[] eval = model.hiddenStates(ids, mask, null).toFloatArray();
                float[] train = model.trainingHiddenStates(ids, mask).toFloatArray();
                if (variant.equals("gpt2")) {
                    // embd_pdrop, attn_pdrop and resid_pdrop are 0.1 in GPT2Config.
                    assertFalse(Arrays.equals(eval, train), "GPT-2 drops out in train mode");
                } else {
                    assertArrayEquals(eval, train, "Llama's attention_dropout is 0: train mode changes nothing");
                }
            }
        }
    }

    private static Path made(String variant) throws Exception {
        Path out = shared.resolve(variant);
        if (!out.resolve("expected.safetensors").toFile().isFile()) {
            RealLibraries.decoders("model", variant, out);
        }
        return out;
    }

    private static NDArray array(NDManager manager, Map<String, HostTensor> tensors, String name) {
        return HostTensors.toNDArray(manager, tensors.get(name));
    }

    /** Within 1e-5 at every position the mask marks as a real token (padding's logits are not defined). */
    private static void assertCloseWhereAttended(String what, NDArray expected, NDArray actual, NDArray mask) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        NDArray attended = mask.toType(expected.getDataType(), false).expandDims(-1);
        float maxDiff = expected.sub(actual).abs().mul(attended).max().getFloat();
        assertTrue(maxDiff < TOLERANCE, what + ": max abs difference " + maxDiff + " exceeds " + TOLERANCE);
    }
}
