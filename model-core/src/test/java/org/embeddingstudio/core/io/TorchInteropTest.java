package org.embeddingstudio.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.PythonTorch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both directions against the real PyTorch, via {@link PythonTorch}. */
class TorchInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void needsPyTorch() {
        PythonTorch.require();
    }

    @Test
    void torchLoadsJavaWrittenTensorsAndParametersBitExactWithWeightsOnly() throws IOException {
        for (TensorDType dtype : List.of(TensorDType.F32, TensorDType.F16, TensorDType.BF16)) {
            HostTensor tensor = randomBits(dtype, 7, 5);
            Path plain = dir.resolve("plain.pt");
            Path parameter = dir.resolve("embedding.pt");
            TorchFile.writeTensor(plain, tensor);
            TorchFile.writeParameter(parameter, tensor, true);

            JsonNode plainInfo = torchLoad(plain, tensor);
            JsonNode parameterInfo = torchLoad(parameter, tensor);

            assertEquals("torch." + dtype.torchName(), plainInfo.get("dtype").asText());
            assertEquals("[7,5]", plainInfo.get("shape").toString());
            assertFalse(plainInfo.get("parameter").asBoolean());
            assertTrue(parameterInfo.get("parameter").asBoolean());
            assertTrue(parameterInfo.get("requires_grad").asBoolean());
        }
    }

    @Test
    void torchLoadsAJavaWrittenStateDictBitExactWithWeightsOnly() throws IOException {
        LinkedHashMap<String, HostTensor> state = new LinkedHashMap<>();
        state.put("embeddings.word_embeddings.weight", randomBits(TensorDType.F32, 6, 4));
        state.put("encoder.layer.0.output.LayerNorm.bias", randomBits(TensorDType.F16, 4));
        state.put("pooler.dense.weight", randomBits(TensorDType.BF16, 2, 2));
        state.put("position_ids", randomBits(TensorDType.I64, 1, 3));
        Path file = dir.resolve("pytorch_model.bin");
        TorchFile.writeStateDict(file, state);
        Path out = Files.createDirectory(dir.resolve("loaded"));

        JsonNode info = lastJsonLine(torch("load-state", file.toString(), out.toString()));

        assertEquals("OrderedDict", info.get("type").asText());
        assertEquals(JSON.valueToTree(List.copyOf(state.keySet())), info.get("names"));
        assertEquals("[\"torch.float32\",\"torch.float16\",\"torch.bfloat16\",\"torch.int64\"]",
                info.get("dtypes").toString());
        for (var entry : state.entrySet()) {
            byte[] bytes = new byte[(int) entry.getValue().byteSize()];
            entry.getValue().data().get(bytes);
            assertArrayEquals(bytes, Files.readAllBytes(out.resolve(entry.getKey() + ".raw")), entry.getKey());
        }
    }

    @Test
    void torchLoadsAJavaWrittenZip64File() throws IOException {
        HostTensor tensor = randomBits(TensorDType.F32, 3, 4);
        Path file = dir.resolve("zip64.pt");
        TorchFile.write(file, tensor, true, false, true);
        assertFalse(torchLoad(file, tensor).get("requires_grad").asBoolean());
    }

    @Test
    void embeddingFromPretrainedAcceptsAJavaWrittenParameter() throws IOException {
        float[] weights = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        Path file = dir.resolve("embedding.pt");
        TorchFile.writeParameter(file, HostTensor.ofFloats(weights, 3, 3), true);

        JsonNode result = lastJsonLine(torch("embedding", file.toString()));

        assertEquals("[3,3]", result.get("shape").toString());
        assertEquals("[3.0,4.0,5.0]", result.get("row1").toString());
    }

    @Test
    void javaReadsTorchSavedTensorsParametersAndStateDictsBitExact() throws IOException {
        torch("save", dir.toString());
        for (String name : List.of("f32", "f16", "bf16")) {
            var tensor = assertInstanceOf(TorchContent.SingleTensor.class, TorchFile.read(dir.resolve(name + ".pt")));
            var param = assertInstanceOf(TorchContent.SingleTensor.class,
                    TorchFile.read(dir.resolve(name + "_param.pt")));
            assertBytes(name + ".raw", tensor.tensor());
            assertBytes(name + ".raw", param.tensor());
            assertFalse(tensor.parameter());
            assertTrue(param.parameter());
            assertEquals(!name.equals("f16"), param.requiresGrad());
        }
        assertEquals(TensorDType.BF16, ((TorchContent.SingleTensor) TorchFile.read(dir.resolve("bf16.pt")))
                .tensor().dtype());

        var transposed = (TorchContent.SingleTensor) TorchFile.read(dir.resolve("transposed.pt"));
        assertArrayEquals(new long[] {3, 4}, transposed.tensor().shape());
        assertBytes("transposed.raw", transposed.tensor());

        var state = assertInstanceOf(TorchContent.StateDict.class, TorchFile.read(dir.resolve("state.pt")));
        assertEquals(List.of("emb.weight", "row", "half", "bf"), List.copyOf(state.tensors().keySet()));
        for (var entry : state.tensors().entrySet()) {
            assertBytes("state." + entry.getKey() + ".raw", entry.getValue());
        }
        var module = assertInstanceOf(TorchContent.StateDict.class, TorchFile.read(dir.resolve("module_state.pt")));
        assertBytes("module_state.weight.raw", module.tensors().get("weight"));
    }

    @Test
    void refusesATorchSavedOsSystemPickleWithoutRunningIt() throws IOException {
        Path marker = dir.resolve("pwned");
        torch("evil", dir.toString(), marker.toString());
        Path evil = dir.resolve("evil.pt");
        assertFalse(Files.exists(marker), "saving must not have run the command yet");

        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> TorchFile.read(evil));

        // os.system pickles as posix.system on Linux and nt.system on Windows.
        assertTrue(e.global().endsWith(".system"), e.global());
        assertTrue(e.getMessage().startsWith(evil + ": refused to load: the pickle asks for"), e.getMessage());
        assertFalse(Files.exists(marker), "reading must not run the command");
        // The file is really malicious: Python's unrestricted torch.load runs the command.
        torch("unsafe-load", evil.toString());
        assertTrue(Files.exists(marker));
    }

    private JsonNode torchLoad(Path file, HostTensor expected) throws IOException {
        Path raw = dir.resolve("loaded.raw");
        JsonNode info = lastJsonLine(torch("load", file.toString(), raw.toString()));
        byte[] bytes = new byte[(int) expected.byteSize()];
        expected.data().get(bytes);
        assertArrayEquals(bytes, Files.readAllBytes(raw), "bytes read by torch from " + file);
        return info;
    }

    private void assertBytes(String rawFile, HostTensor tensor) throws IOException {
        byte[] bytes = new byte[(int) tensor.byteSize()];
        tensor.data().get(bytes);
        assertArrayEquals(Files.readAllBytes(dir.resolve(rawFile)), bytes, rawFile);
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** Random bit patterns, NaNs and infinities included: torch must keep every byte. */
    private static HostTensor randomBits(TensorDType dtype, long... shape) {
        byte[] bytes = new byte[(int) (HostTensor.numelOf(shape) * dtype.byteSize())];
        new Random(42).nextBytes(bytes);
        return new HostTensor(dtype, shape, ByteBuffer.wrap(bytes));
    }

    private static String torch(String... arguments) throws IOException {
        return PythonTorch.run(TorchInteropTest.class, "torch_interop.py", arguments);
    }
}
