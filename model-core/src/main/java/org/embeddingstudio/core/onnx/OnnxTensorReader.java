package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.TensorDType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes a {@code TensorProto}: name, dims, data type and values, from {@code raw_data} (what exporters write for
 * weights) or from the typed {@code float_data}/{@code int32_data}/{@code int64_data} lists (what small constants
 * often use). Tensors stored outside the file ({@code external_data}) are rejected.
 */
final class OnnxTensorReader {
    // TensorProto field numbers, from onnx/onnx.proto.
    private static final int DIMS = 1;
    private static final int DATA_TYPE = 2;
    private static final int FLOAT_DATA = 4;
    private static final int INT32_DATA = 5;
    private static final int INT64_DATA = 7;
    private static final int NAME = 8;
    private static final int RAW_DATA = 9;
    private static final int EXTERNAL_DATA = 13;

    /** A decoded tensor with its name (empty for an unnamed Constant value). */
    record NamedTensor(String name, HostTensor tensor) {
    }

    private OnnxTensorReader() {
    }

    static NamedTensor read(ProtobufReader message) {
        LongList dims = new LongList();
        LongList ints = new LongList();
        FloatList floats = new FloatList();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        while (message.next()) {
            switch (message.field()) {
                case DIMS -> message.readInts("tensor dims", dims::add);
                case DATA_TYPE -> dataType = message.readInt("tensor data_type");
                case FLOAT_DATA -> message.readFloats("tensor float_data", floats::add);
                case INT32_DATA, INT64_DATA -> message.readInts("tensor int data", ints::add);
                case NAME -> name = message.readString("tensor name");
                case RAW_DATA -> raw = message.readBytes("tensor raw_data");
                case EXTERNAL_DATA -> throw new ProtobufException("tensor '" + name
                        + "' keeps its data in an external file, which is not supported");
                default -> message.skip();
            }
        }
        TensorDType dtype = dtypeOf(dataType, name);
        long[] shape = dims.toArray();
        long numel;
        long expected;
        try {
            numel = HostTensor.numelOf(shape);
            expected = Math.multiplyExact(numel, dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ProtobufException("tensor '" + name + "' has invalid dims " + Arrays.toString(shape));
        }
        ByteBuffer data = raw != null ? raw : typedValues(dtype, numel, floats, ints, name);
        if (data.remaining() != expected) {
            throw new ProtobufException("tensor '" + name + "' of dims " + Arrays.toString(shape) + " and type " + dtype
                    + " needs " + expected + " bytes of data but has " + data.remaining());
        }
        return new NamedTensor(name, new HostTensor(dtype, shape, data));
    }

    private static ByteBuffer typedValues(TensorDType dtype, long numel, FloatList floats, LongList ints,
                                          String name) {
        int count = dtype == TensorDType.F32 ? floats.size() : ints.size();
        if (count != numel) {
            throw new ProtobufException("tensor '" + name + "' needs " + numel + " values but has " + count);
        }
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(count, dtype.byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (dtype) {
                case F32 -> data.putFloat(floats.get(i));
                case I64 -> data.putLong(ints.get(i));
                case I32 -> data.putInt((int) ints.get(i));
                case I16 -> data.putShort((short) ints.get(i));
                case F16, BF16 -> data.putShort((short) ints.get(i)); // ONNX keeps their bits in int32_data
                case I8, U8, BOOL -> data.put((byte) ints.get(i));
                default -> throw new ProtobufException("tensor '" + name + "' of type " + dtype
                        + " must use raw_data");
            }
        }
        return data.flip();
    }

    private static TensorDType dtypeOf(int onnxDataType, String name) {
        // TensorProto.DataType numbers.
        return switch (onnxDataType) {
            case 1 -> TensorDType.F32;
            case 2 -> TensorDType.U8;
            case 3 -> TensorDType.I8;
            case 5 -> TensorDType.I16;
            case 6 -> TensorDType.I32;
            case 7 -> TensorDType.I64;
            case 9 -> TensorDType.BOOL;
            case 10 -> TensorDType.F16;
            case 11 -> TensorDType.F64;
            case 16 -> TensorDType.BF16;
            default -> throw new ProtobufException("tensor '" + name + "' has unsupported data type " + onnxDataType);
        };
    }

    /** A growable list of longs, so that dims and int data need no boxing. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable list of floats. */
    private static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        float get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }
    }
}
