package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsStreamTest {
    @TempDir
    Path temp;

    @Test
    void floatTensorsOfEveryPrecisionReadBackExactlyAcrossChunks() throws Exception {
        // 3 M floats (12 MB) and 5 M bf16 values (10 MB) cross the 8 MB chunks; f16 is small.
        float[] f32 = random(3_000_000, 1);
        float[] bf16Values = random(5_000_000, 2);
        float[] f16Values = random(1000, 3);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", HostTensor.ofFloats(f32, 1000, 3000));
        tensors.put("bf16", half(TensorDType.BF16, bf16Values));
        tensors.put("f16", half(TensorDType.F16, f16Values));
        tensors.put("ids", new HostTensor(TensorDType.I64, new long[] {2},
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(9).flip()));
        Path file = temp.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of());
        try (SafetensorsStream stream = SafetensorsStream.open(file)) {
            assertEquals(4, stream.tensors().size());
            for (SafetensorsStream.Tensor tensor : stream.tensors().subList(0, 3)) {
                FloatBuffer out = FloatBuffer.allocate(Math.toIntExact(tensor.numel()));
                stream.readAsFloats(tensor, out);
                assertArrayEquals(tensors.get(tensor.name()).toFloatArray(), out.array(), tensor.name());
            }
            FileFormatException error = assertThrows(FileFormatException.class,
                    () -> stream.readAsFloats(stream.tensors().get(3), FloatBuffer.allocate(2)));
            String message = error.getMessage();
            assertTrue(message.contains("model.safetensors") && message.contains("ids holds int64"), message);
        }
    }

    private static float[] random(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static HostTensor half(TensorDType dtype, float[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putShort(dtype == TensorDType.F16 ? Float.floatToFloat16(value)
                    : (short) (Float.floatToIntBits(value) >>> 16));
        }
        return new HostTensor(dtype, new long[] {values.length}, data.flip());
    }
}
