package org.embeddingstudio.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Direct access to a CPU tensor's own memory, for the few large tensors we fill or read from Java.
 *
 * <p>Why: DJL's {@code create(buffer)} and {@code toByteBuffer()} copy (the latter into a Java heap array), and a
 * 250 000 × 768 embedding is 768 MB; filling the tensor's memory in place from Java threads and reading it as a
 * view avoids both copies. Only the PyTorch engine on the CPU offers this; elsewhere the callers fall back to
 * copies.
 */
public final class TensorMemory {
    private TensorMemory() {
    }

    /**
     * A new float32 array whose values are whatever the allocator left there: the caller must write every value.
     * On engines without uninitialised allocation, zeros.
     */
    public static NDArray uninitialised(NDManager manager, Shape shape) {
        if (manager instanceof PtNDManager pt && Device.Type.CPU.equals(manager.getDevice().getDeviceType())) {
            return JniUtils.createEmptyNdArray(pt, shape, DataType.FLOAT32, Device.cpu(), SparseFormat.DENSE);
        }
        return manager.zeros(shape, DataType.FLOAT32);
    }

    /**
     * A new float32 array whose values {@code writer} sets — it must write every one — straight into the array's
     * memory where the engine allows (huge pages advised), else through a native buffer copied in once. Never
     * through the Java heap: G1 keeps the heap it grew to, and a random bert-base staged there left 400 MB of
     * committed heap behind for the rest of the run.
     */
    public static NDArray written(NDManager manager, Shape shape, Consumer<FloatBuffer> writer) {
        NDArray array = uninitialised(manager, shape);
        Optional<ByteBuffer> view = view(array);
        ByteBuffer target = view.orElseGet(() -> ByteBuffer.allocateDirect(
                Math.toIntExact(Math.multiplyExact(shape.size(), Float.BYTES))).order(ByteOrder.nativeOrder()));
        if (view.isPresent()) {
            NativeMemory.adviseHugePages(target);
        }
        writer.accept(target.asFloatBuffer());
        if (view.isEmpty()) {
            array.set(target);
        }
        return array;
    }

    /**
     * A writable, native-order view of the array's memory (no copy): writes through it change the array. Empty when
     * the engine or device does not allow one, or when the array is not contiguous (a view of a copy would silently
     * drop writes).
     *
     * <p>The view is valid only while the array is open.
     */
    public static Optional<ByteBuffer> view(NDArray array) {
        if (!(array instanceof PtNDArray pt) || !Device.Type.CPU.equals(array.getDevice().getDeviceType())
                || array.isSparse()) {
            return Optional.empty();
        }
        ByteBuffer buffer = JniUtils.getByteBuffer(pt, true);
        if (!buffer.isDirect() || buffer.capacity() != array.size() * array.getDataType().getNumOfBytes()) {
            return Optional.empty();
        }
        // DJL hands out a contiguous copy for a non-contiguous tensor; a copy has a new address on every call.
        if (address(buffer) != address(JniUtils.getByteBuffer(pt, true))) {
            return Optional.empty();
        }
        return Optional.of(buffer.order(ByteOrder.nativeOrder()));
    }

    /** The native address of a direct buffer's first byte. */
    public static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
