package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesOrderShapesDtypesBytesAndMetadata() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("word_embeddings.weight", HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("a.half", tensor(TensorDType.F16, new long[] {3}, 1, 2, 3, 4, 5, 6));
        tensors.put("z.ids", tensor(TensorDType.I64, new long[] {1}, 1, 2, 3, 4, 5, 6, 7, 8));
        tensors.put("empty", tensor(TensorDType.BF16, new long[] {0, 4}));
        tensors.put("scalar", tensor(TensorDType.U8, new long[0], 42));
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, tensors, Map.of("format", "pt"));
        Safetensors.Contents read = Safetensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.tensors().get("word_embeddings.weight").toFloatArray());
    }

    @Test
    void mapReturnsReadOnlyViewsWithTheSameContentAsRead() throws IOException {
        Path file = dir.resolve("mapped.safetensors");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", HostTensor.ofFloats(new float[] {1, 2, 3}));
        tensors.put("b", tensor(TensorDType.I8, new long[] {2}, -1, 7));
        Safetensors.write(file, tensors, Map.of());

        Safetensors.Contents mapped = Safetensors.map(file);

        assertEquals(tensors, mapped.tensors());
        assertTrue(mapped.tensors().get("a").data().isReadOnly());
    }

    @Test
    void writingReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("replaced.safetensors");
        Safetensors.write(file, Map.of("old", HostTensor.ofFloats(new float[] {1})), Map.of());
        Safetensors.write(file, Map.of("new", HostTensor.ofFloats(new float[] {2, 3})), Map.of());
        assertEquals(List.of("new"), List.copyOf(Safetensors.read(file).tensors().keySet()));
    }

    @Test
    void dataAreaStartsEightByteAligned() throws IOException {
        Path file = dir.resolve("aligned.safetensors");
        Safetensors.write(file, Map.of("x", HostTensor.ofFloats(new float[] {1})), Map.of());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8);
    }

    @Test
    void refusesAFileShorterThanTheLengthField() throws IOException {
        assertRefused(write("short.safetensors", new byte[] {1, 2, 3}), "shorter than the 8-byte header length");
    }

    @Test
    void refusesAHeaderLengthOfOneHundredGigabytesInAnEightByteFile() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_000_000L);
        assertRefused(write("huge.safetensors", bytes.array()), "100000000000 bytes long");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = dir.resolve("whole.safetensors");
        Safetensors.write(file, Map.of("x", HostTensor.ofFloats(new float[] {1, 2, 3, 4})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        assertRefused(write("truncated.safetensors", truncated), "outside the data area");
    }

    @Test
    void refusesOffsetsPastTheEnd() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4000000000]}}", 8),
                "outside the data area");
    }

    @Test
    void refusesDataShorterThanTheShapeNeeds() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "holds 8 bytes, but its shape and dtype need 12");
    }

    @Test
    void refusesOverlappingTensors() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlapping");
    }

    @Test
    void refusesBadJson() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":", 0), "not well-formed JSON");
    }

    @Test
    void refusesATensorNameThatAppearsTwice() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2), "Duplicate field 'x'");
    }

    @Test
    void refusesAnUnknownDtype() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "unknown dtype 'F8_E4M3'");
    }

    @Test
    void refusesANegativeShape() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0),
                "not a non-negative 64-bit integer");
    }

    @Test
    void refusesAShapeWhoseElementCountOverflows() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0),
                "too large");
    }

    @Test
    void refusesTrailingBytesNoTensorAccountsFor() throws IOException {
        assertRefused(file("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 5),
                "the tensors cover 1 bytes, but the data area has 5");
    }

    private static HostTensor tensor(TensorDType dtype, long[] shape, int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return new HostTensor(dtype, shape, buffer.flip());
    }

    private Path file(String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return write("crafted.safetensors", bytes.array());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertRefused(Path file, String problem) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(file, e.file());
    }
}
