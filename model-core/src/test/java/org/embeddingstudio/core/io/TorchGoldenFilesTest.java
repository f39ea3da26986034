package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Checks against files the real PyTorch 1.13 wrote (see README.md beside them), so they need no Python. */
class TorchGoldenFilesTest {
    private static final HostTensor ARANGE = HostTensor.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);

    @Test
    void tensorPickleIsByteForByteWhatTorchSaveWrites() throws IOException {
        assertArrayEquals(resource("torch113_tensor.pkl"), TorchPickleWriter.tensor(ARANGE, "0", false, false));
    }

    @Test
    void parameterPickleIsByteForByteWhatTorchSaveWrites() throws IOException {
        assertArrayEquals(resource("torch113_parameter.pkl"), TorchPickleWriter.tensor(ARANGE, "0", true, true));
    }

    @Test
    void stateDictPickleIsByteForByteWhatTorchSaveWrites() throws IOException {
        LinkedHashMap<String, HostTensor> state = new LinkedHashMap<>();
        state.put("a", ARANGE);
        ByteBuffer bf16Ones = ByteBuffer.wrap(new byte[] {-128, 63, -128, 63});
        state.put("b", new HostTensor(TensorDType.BF16, new long[] {2}, bf16Ones));
        state.put("c", new HostTensor(TensorDType.F16, new long[] {3}, ByteBuffer.allocate(6)));
        assertArrayEquals(resource("torch113_state_dict.pkl"), TorchPickleWriter.stateDict(state));
    }

    @Test
    void readsAStateDictWithAViewAtAnOffsetAndABfloat16Storage() throws IOException {
        var state = assertInstanceOf(TorchContent.StateDict.class, TorchFile.read(path("torch113_state_dict.pt")));

        assertEquals(List.of("a", "b", "c"), List.copyOf(state.tensors().keySet()));
        assertEquals(ARANGE, state.tensors().get("a"));
        assertArrayEquals(new float[] {3, 4, 5}, state.tensors().get("b").toFloatArray());
        assertEquals(TensorDType.BF16, state.tensors().get("c").dtype());
        assertArrayEquals(new float[] {1, 1}, state.tensors().get("c").toFloatArray());
    }

    @Test
    void readsAModuleStateDictWhoseMetadataIsSetThroughBuild() throws IOException {
        var state = assertInstanceOf(TorchContent.StateDict.class,
                TorchFile.read(path("torch113_module_state_dict.pt")));

        assertEquals(List.of("weight"), List.copyOf(state.tensors().keySet()));
        assertArrayEquals(new long[] {3, 2}, state.tensors().get("weight").shape());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TorchGoldenFilesTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static Path path(String name) {
        try {
            return Path.of(TorchGoldenFilesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
