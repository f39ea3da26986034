package org.embeddingstudio.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense, row-major tensor held in host memory, as read from or written to a tensor file. It needs no NDArray
 * engine; convert with {@code manager.create(tensor.data(), new Shape(tensor.shape()), dataType)}.
 *
 * @param dtype element type
 * @param shape sizes per dimension, all non-negative; an empty shape is a scalar
 * @param data  exactly {@link #byteSize()} bytes, little-endian, row-major (C order)
 */
public record HostTensor(TensorDType dtype, long[] shape, ByteBuffer data) {

    /** Checks that the bytes match the shape, and keeps private copies of the shape and buffer view. */
    public HostTensor {
        if (dtype == null || shape == null || data == null) {
            throw new IllegalArgumentException("dtype, shape and data are required");
        }
        shape = shape.clone();
        long bytes = Math.multiplyExact(numelOf(shape), dtype.byteSize());
        if (bytes > Integer.MAX_VALUE) {
            // A ByteBuffer cannot be longer; such a tensor has to be split by the caller.
            throw new IllegalArgumentException("tensor of " + bytes + " bytes exceeds the 2 GiB limit of one buffer");
        }
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                    + " bytes, but the buffer has " + data.remaining());
        }
        // Our own view: later position changes by the caller must not move our window.
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A float32 tensor holding a copy of {@code values}; with no shape given it is one-dimensional. */
    public static HostTensor ofFloats(float[] values, long... shape) {
        long[] dims = shape.length == 0 ? new long[] {values.length} : shape;
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new HostTensor(TensorDType.F32, dims, buffer);
    }

    /** The product of the sizes, i.e. the number of elements ({@code 1} for a scalar). */
    public static long numelOf(long[] shape) {
        long n = 1;
        for (long size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, size);
        }
        return n;
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A little-endian view of the bytes starting at position 0; reading it does not disturb this tensor. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements. */
    public long numel() {
        return numelOf(shape);
    }

    /** Number of bytes of {@link #data()}. */
    public long byteSize() {
        return data.capacity();
    }

    /** The elements converted to float (exact for F32/F16/BF16, rounded for F64 and large integers). */
    public float[] toFloatArray() {
        ByteBuffer in = data();
        float[] out = new float[Math.toIntExact(numel())];
        switch (dtype) {
            case F32 -> in.asFloatBuffer().get(out);
            case F16, BF16 -> copyHalfAsFloats(FloatBuffer.wrap(out));
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) in.getDouble(8 * i);
                }
            }
            case I64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.getLong(8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.getInt(4 * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.getShort(2 * i);
                }
            }
            case I8, BOOL -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.get(i) & 0xFF;
                }
            }
        }
        return out;
    }

    /**
     * Writes the elements of a half-precision tensor (F16 or BF16) as float32 into {@code out}, exactly, without a
     * float[] in between: a 1 GB embedding upcast at load time goes from the file straight into tensor memory.
     */
    public void copyHalfAsFloats(FloatBuffer out) {
        halfToFloats(dtype, data(), out, 0, Math.toIntExact(numel()));
    }

    /**
     * Converts {@code count} F16 or BF16 values from the start of {@code in} (little-endian) into {@code out} from
     * {@code outIndex}, exactly.
     */
    static void halfToFloats(TensorDType dtype, ByteBuffer in, FloatBuffer out, int outIndex, int count) {
        switch (dtype) {
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.put(outIndex + i, Float.float16ToFloat(in.getShort(2 * i)));
                }
            }
            // bfloat16 is the upper half of a float32.
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.put(outIndex + i, Float.intBitsToFloat((in.getShort(2 * i) & 0xFFFF) << 16));
                }
            }
            default -> throw new IllegalStateException("not a half-precision tensor: " + dtype);
        }
    }

    /** Equal when type, shape and bytes are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return "HostTensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
