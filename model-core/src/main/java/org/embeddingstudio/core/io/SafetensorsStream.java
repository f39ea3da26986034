package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads a safetensors file one tensor at a time, a few MB at a time, into memory the caller provides. Why: a model
 * of several GB read whole ({@link Safetensors#read}) sits on the Java heap beside its tensors, and mapped
 * ({@link Safetensors#map}) its pages stay resident until the garbage collector unmaps them — 2.4 GB above the
 * weights while loading a 1 B-parameter bf16 checkpoint. Streamed, loading holds the tensors and one chunk.
 */
public final class SafetensorsStream implements AutoCloseable {
    private static final int CHUNK_BYTES = 8 << 20;

    /** One tensor of the file. */
    public record Tensor(String name, TensorDType dtype, long[] shape, long begin, long end) {
        public long numel() {
            return HostTensor.numelOf(shape);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final List<Tensor> tensors;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private SafetensorsStream(Path file, FileChannel channel, Safetensors.Layout layout) {
        this.file = file;
        this.channel = channel;
        this.dataStart = layout.dataStart();
        this.tensors = layout.header().entries().stream()
                .map(e -> new Tensor(e.name(), e.dtype(), e.shape(), e.begin(), e.end())).toList();
    }

    /** Opens {@code file} and validates its header as {@link Safetensors#read} does. */
    public static SafetensorsStream open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SafetensorsStream(file, channel, Safetensors.layout(channel, file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The tensors in file order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * Writes a float tensor's values (F32, F16 or BF16) as float32 into {@code out}, from its position 0.
     *
     * @throws FileFormatException when the tensor holds another type
     */
    public void readAsFloats(Tensor tensor, FloatBuffer out) throws IOException {
        int elementBytes = tensor.dtype().byteSize();
        if (tensor.dtype() != TensorDType.F32 && tensor.dtype() != TensorDType.F16
                && tensor.dtype() != TensorDType.BF16) {
            throw new FileFormatException(file, tensor.name() + " holds " + tensor.dtype().torchName()
                    + " values, not floating-point weights");
        }
        long position = dataStart + tensor.begin();
        long remaining = tensor.end() - tensor.begin();
        int index = 0;
        while (remaining > 0) {
            int length = (int) Math.min(remaining, CHUNK_BYTES - CHUNK_BYTES % 4);
            chunk.clear().limit(length);
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, position + chunk.position()) < 0) {
                    throw new FileFormatException(file, "ends inside " + tensor.name());
                }
            }
            chunk.flip();
            int count = length / elementBytes;
            if (tensor.dtype() == TensorDType.F32) {
                out.put(index, chunk.asFloatBuffer(), 0, count);
            } else {
                HostTensor.halfToFloats(tensor.dtype(), chunk, out, index, count);
            }
            index += count;
            position += length;
            remaining -= length;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
