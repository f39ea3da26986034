package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostTensorTest {
    @Test
    void refusesDataThatDoesNotMatchTheShape() {
        assertThrows(IllegalArgumentException.class,
                () -> new HostTensor(TensorDType.F32, new long[] {2, 3}, ByteBuffer.allocate(20)));
    }

    @Test
    void refusesNegativeSizesAndOverflowingShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new HostTensor(TensorDType.F32, new long[] {-1}, ByteBuffer.allocate(0)));
        assertThrows(ArithmeticException.class,
                () -> new HostTensor(TensorDType.F32, new long[] {1L << 40, 1L << 40}, ByteBuffer.allocate(0)));
    }

    @Test
    void convertsHalfBfloatAndDoubleToFloat() {
        ByteBuffer half = le(4).putShort((short) 0x3C00).putShort((short) 0xC000).flip(); // 1.0, -2.0
        ByteBuffer bf16 = le(4).putShort((short) 0x3FC0).putShort((short) 0x4049).flip(); // 1.5, 3.140625
        ByteBuffer f64 = le(8).putDouble(0.25).flip();

        assertArrayEquals(new float[] {1, -2}, new HostTensor(TensorDType.F16, new long[] {2}, half).toFloatArray());
        assertArrayEquals(new float[] {1.5f, 3.140625f},
                new HostTensor(TensorDType.BF16, new long[] {2}, bf16).toFloatArray());
        assertArrayEquals(new float[] {0.25f}, new HostTensor(TensorDType.F64, new long[0], f64).toFloatArray());
    }

    @Test
    void ofFloatsWithoutShapeIsOneDimensional() {
        HostTensor tensor = HostTensor.ofFloats(new float[] {1, 2, 3});
        assertArrayEquals(new long[] {3}, tensor.shape());
        assertEquals(3, tensor.numel());
        assertEquals(12, tensor.byteSize());
    }

    @Test
    void isUnaffectedByLaterChangesToTheCallersShapeArrayOrBufferPosition() {
        long[] shape = {2};
        ByteBuffer data = le(8).putFloat(1).putFloat(2).flip();
        HostTensor tensor = new HostTensor(TensorDType.F32, shape, data);
        shape[0] = 5;
        data.position(4);
        tensor.data().position(8);

        assertArrayEquals(new long[] {2}, tensor.shape());
        assertArrayEquals(new float[] {1, 2}, tensor.toFloatArray());
    }

    @Test
    void equalityComparesTypeShapeAndBytes() {
        HostTensor a = HostTensor.ofFloats(new float[] {1, 2}, 2);
        assertEquals(a, HostTensor.ofFloats(new float[] {1, 2}, 2));
        assertEquals(a.hashCode(), HostTensor.ofFloats(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(a, HostTensor.ofFloats(new float[] {1, 2}, 1, 2));
        assertNotEquals(a, HostTensor.ofFloats(new float[] {1, 3}, 2));
        assertNotEquals(a, new HostTensor(TensorDType.I32, new long[] {2}, a.data()));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
