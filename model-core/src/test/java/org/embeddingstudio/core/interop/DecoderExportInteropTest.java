package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decoder exported with its active embedding pair as a Hugging Face folder: our loader reads it back with
 * bit-identical logits, and transformers' {@code AutoModelForCausalLM} / {@code AutoTokenizer} read it too, with
 * logits within 1e-5, the new vocabulary's size and special-token ids, and the chat template kept.
 */
@Tag("python-interop")
class DecoderExportInteropTest {
    private static final String TEXT = "Der schnelle braune Fuchs springt über den faulen Hund.";

    @TempDir
    static Path shared;
    static Path chatModel;
    static Path llama2;

    @BeforeAll
    static void makeModelAndTokenizer() throws Exception {
        RealLibraries.decoders("chat-model", shared.resolve("chat"));
        chatModel = shared.resolve("chat/model");
        llama2 = shared.resolve("llama2-tokenizer");
        RealLibraries.decoders("tokenizer", "llama2", llama2);
    }

    @Test
    void aNewPairExportedLoadsBackHereAndInTransformersWithTheSameLogits() throws Exception {
        Path exported = shared.resolve("exported-new");
        Tokenizer newTokenizer = TokenizerLoader.load(llama2);
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            model.addEmbeddings("new", newTokenizer, "default", model.tokenizer().orElseThrow(),
                    EmbeddingOptions.defaults());
            model.exportHuggingFace(exported);
            List<long[]> rows = List.of(newTokenizer.encode(TEXT).ids(), newTokenizer.encode("Der Hund").ids());
            Path ids = PaddedBatches.write(rows, shared.resolve("ids.safetensors"));
            Map<String, HostTensor> batch = Safetensors.read(ids).tensors();
            NDArray input = HostTensors.toNDArray(manager, batch.get("input_ids"));
            NDArray mask = HostTensors.toNDArray(manager, batch.get("attention_mask"));
            float[] ours = model.logits(input, mask, null).toFloatArray();
            try (DecoderModel reloaded = DecoderModel.load(exported, Device.cpu())) {
                assertEquals(512, reloaded.config().vocabSize());
                assertEquals(512, reloaded.tokenizer().orElseThrow().vocabulary().size());
                assertArrayEquals(ours, reloaded.logits(input, mask, null).toFloatArray(),
                        "read back by our loader: the same logits, bit for bit");
            }

            Path reference = shared.resolve("new-reference");
            RealLibraries.decoders("hf-logits", exported, ids, TEXT, reference);
            NDArray theirs = HostTensors.toNDArray(manager, Safetensors.read(
                    reference.resolveSibling("new-reference.safetensors")).tensors().get("logits"));
            NDArray attended = mask.toType(theirs.getDataType(), false).expandDims(-1);
            float difference = theirs.sub(manager.create(ours, theirs.getShape())).abs().mul(attended).max()
                    .getFloat();
            assertTrue(difference < 1e-5, "transformers on the exported folder: max difference " + difference);
            JsonNode read = new ObjectMapper().readTree(reference.resolveSibling("new-reference.json").toFile());
            assertEquals(512, read.get("tokens").asInt());
            assertEquals(512, read.get("vocab_size").asInt());
            assertArrayEquals(newTokenizer.encode(TEXT).ids(), ids(read.get("ids")));
            assertEquals(newTokenizer.vocabulary().specialTokenId(SpecialTokenRole.EOS).getAsInt(),
                    read.get("eos_token_id").asInt(), "special-token ids follow the new tokenizer");
        }
    }

    @Test
    void theDefaultPairExportsWithItsPaddingRowsAndItsChatTemplate() throws Exception {
        Path exported = shared.resolve("exported-default");
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu())) {
            int rows = model.config().vocabSize();
            int tokens = model.tokenizer().orElseThrow().vocabulary().size();
            assertTrue(rows > tokens, "the chat model's matrix is padded past its tokenizer");
            model.exportHuggingFace(exported);
            PaddedBatches.write(List.of(model.tokenizer().orElseThrow().encode(TEXT).ids()),
                    shared.resolve("default-ids.safetensors"));
            Path reference = shared.resolve("default-reference");
            RealLibraries.decoders("hf-logits", exported, shared.resolve("default-ids.safetensors"), "Hallo",
                    reference);
            JsonNode read = new ObjectMapper().readTree(reference.resolveSibling("default-reference.json")
                    .toFile());
            assertEquals(rows, read.get("vocab_size").asInt(), "padding rows are kept, never shrunk");
            assertEquals(tokens, read.get("tokens").asInt());
            assertEquals("<|start_header_id|>user<|end_header_id|>\n\nHallo<|eot_id|>", read.get("chat").asText());
        }
    }

    private static long[] ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}
