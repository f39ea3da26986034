package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@link TorchTensorRef} into a {@link HostTensor} by reading its part of the storage entry, after checking
 * that the storage entry really has the size the pickle claims and that the view stays inside it.
 *
 * <p>A pickle can name the same storage any number of times, so a small file could ask for unbounded memory. Views
 * that are named twice (tied weights) are read once and shared, and all tensors together may use at most twice the
 * file's size.
 */
final class TorchStorageReader {
    private final Path file;
    private final FileChannel channel;
    private final ZipDirectory zip;
    private final String archive;
    private final Map<String, HostTensor> readViews = new HashMap<>();
    private long budget;

    TorchStorageReader(Path file, FileChannel channel, ZipDirectory zip, String archive) throws IOException {
        this.file = file;
        this.channel = channel;
        this.zip = zip;
        this.archive = archive;
        this.budget = 2 * channel.size() + (1 << 20);
    }

    HostTensor tensor(TorchTensorRef ref) throws IOException {
        String view = ref.storage().key() + "|" + ref.storage().dtype() + "|" + ref.storageOffset() + "|"
                + Arrays.toString(ref.shape()) + "|" + Arrays.toString(ref.stride());
        HostTensor known = readViews.get(view);
        if (known != null) {
            return known;
        }
        HostTensor tensor = read(ref);
        budget -= tensor.byteSize();
        if (budget < 0) {
            throw new FileFormatException(file, "the tensors of this file would take more than twice its size in"
                    + " memory; so many overlapping views of one storage are not supported");
        }
        readViews.put(view, tensor);
        return tensor;
    }

    private HostTensor read(TorchTensorRef ref) throws IOException {
        TorchStorageRef storage = ref.storage();
        TensorDType dtype = storage.dtype();
        int size = dtype.byteSize();
        String entryName = archive + "data/" + storage.key();
        ZipDirectory.Entry entry = zip.find(entryName).orElseThrow(() ->
                new FileFormatException(file, "the pickle refers to storage '" + MessageText.printable(storage.key())
                        + "', but there is no " + MessageText.printable(entryName)));
        long storageBytes = checked(() -> Math.multiplyExact(storage.numel(), size));
        if (entry.size() != storageBytes) {
            throw new FileFormatException(file, "storage '" + MessageText.printable(storage.key()) + "' should hold "
                    + storage.numel() + " " + dtype + " elements (" + storageBytes + " bytes), but its entry has "
                    + entry.size());
        }
        long[] shape = ref.shape();
        long numel = checked(() -> HostTensor.numelOf(shape));
        long bytes = checked(() -> Math.multiplyExact(numel, size));
        if (bytes > Integer.MAX_VALUE) {
            throw new FileFormatException(file, "a tensor of " + bytes + " bytes exceeds the 2 GiB limit per tensor");
        }
        if (numel == 0) {
            return new HostTensor(dtype, shape, ByteBuffer.allocate(0));
        }
        long lastIndex = checked(() -> {
            long last = ref.storageOffset();
            for (int i = 0; i < shape.length; i++) {
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, ref.stride()[i]));
            }
            return last;
        });
        if (lastIndex >= storage.numel()) {
            throw new FileFormatException(file, "a tensor of shape " + Arrays.toString(shape) + " at offset "
                    + ref.storageOffset() + " reaches element " + lastIndex + " of a storage with " + storage.numel());
        }
        long start = zip.dataOffset(entry) + ref.storageOffset() * size;
        if (isContiguous(shape, ref.stride())) {
            ByteBuffer data = ChannelIo.read(channel, start, (int) bytes, file);
            if (bytes == entry.size()) {
                // Only a whole entry can be checked; that is the usual case, one tensor per storage.
                zip.checkCrc(entry, data);
            }
            return new HostTensor(dtype, shape, data);
        }
        // A strided view (e.g. a saved transpose): read the span it touches, then gather it into row-major order.
        long span = (lastIndex - ref.storageOffset() + 1) * size;
        if (span > Integer.MAX_VALUE) {
            throw new FileFormatException(file, "a strided tensor spans " + span + " bytes, over the 2 GiB limit");
        }
        ByteBuffer source = ChannelIo.read(channel, start, (int) span, file);
        return new HostTensor(dtype, shape, gather(source, shape, ref.stride(), size, (int) bytes));
    }

    /** Sizes of 1 may carry any stride in torch, so they are ignored. */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static ByteBuffer gather(ByteBuffer source, long[] shape, long[] stride, int size, int bytes) {
        ByteBuffer target = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] index = new long[shape.length];
        byte[] element = new byte[size];
        long numel = bytes / size;
        for (long n = 0; n < numel; n++) {
            long at = 0;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            source.get((int) (at * size), element);
            target.put(element);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return target.flip();
    }

    private interface LongCalculation {
        long compute();
    }

    private long checked(LongCalculation calculation) throws FileFormatException {
        try {
            return calculation.compute();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new FileFormatException(file, "tensor sizes in the pickle overflow 64-bit arithmetic", e);
        }
    }
}
