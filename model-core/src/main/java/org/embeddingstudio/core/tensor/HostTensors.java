package org.embeddingstudio.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.engine.TensorMemory;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.TensorDType;

import java.nio.ByteOrder;

/** Moves tensors between files' host buffers and the engine's NDArrays. */
public final class HostTensors {
    private HostTensors() {
    }

    /**
     * The tensor as an NDArray of the manager's device. Half-precision values become float32, because the model
     * computes in float32.
     */
    public static NDArray toNDArray(NDManager manager, HostTensor tensor) {
        Shape shape = new Shape(tensor.shape());
        DataType type = dataType(tensor.dtype());
        if (type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
            return TensorMemory.written(manager, shape, tensor::copyHalfAsFloats);
        }
        return manager.create(tensor.data().duplicate().order(ByteOrder.LITTLE_ENDIAN), shape, type);
    }

    /** The array's values as a host tensor (float32 stays float32, int64 stays int64). */
    public static HostTensor toHost(NDArray array) {
        return new HostTensor(hostType(array), array.getShape().getShape(),
                array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * The array's values as a host tensor that shares the array's memory where the engine allows it (else a copy,
     * as {@link #toHost}). Why: saving a 768 MB embedding should not first copy it onto the Java heap. Valid only
     * while the array is open and unchanged: use it for an immediate write, never keep it.
     */
    public static HostTensor viewOf(NDArray array) {
        return TensorMemory.view(array)
                .map(view -> new HostTensor(hostType(array), array.getShape().getShape(),
                        view.order(ByteOrder.LITTLE_ENDIAN)))
                .orElseGet(() -> toHost(array));
    }

    private static TensorDType hostType(NDArray array) {
        return switch (array.getDataType()) {
            case FLOAT32 -> TensorDType.F32;
            case FLOAT16 -> TensorDType.F16;
            case BFLOAT16 -> TensorDType.BF16;
            case FLOAT64 -> TensorDType.F64;
            case INT64 -> TensorDType.I64;
            case INT32 -> TensorDType.I32;
            case INT8 -> TensorDType.I8;
            case UINT8 -> TensorDType.U8;
            case BOOLEAN -> TensorDType.BOOL;
            default -> throw new IllegalArgumentException("cannot store arrays of type " + array.getDataType());
        };
    }

    static DataType dataType(TensorDType dtype) {
        return switch (dtype) {
            case F32 -> DataType.FLOAT32;
            case F16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
            case F64 -> DataType.FLOAT64;
            case I64 -> DataType.INT64;
            case I32 -> DataType.INT32;
            case I16 -> DataType.INT16;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
        };
    }
}
