package org.embeddingstudio.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protocol-2 pickle that {@code torch.save} writes for one tensor or {@code nn.Parameter}, opcode for
 * opcode, so Python's {@code torch.load(weights_only=True)} accepts it:
 * {@code _rebuild_parameter(_rebuild_tensor_v2(persistent_id(('storage', torch.XStorage, '0', 'cpu', numel)), 0,
 * shape, stride, False, OrderedDict()), requires_grad, OrderedDict())}.
 */
final class TorchPickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memo;

    private TorchPickleWriter() {
    }

    /**
     * The pickle for a contiguous tensor stored in zip entry {@code data/<storageKey>}.
     *
     * @param parameter write an {@code nn.Parameter} (with {@code requiresGrad}) instead of a plain tensor
     */
    static byte[] tensor(HostTensor tensor, String storageKey, boolean parameter, boolean requiresGrad) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2); // PROTO 2
        if (parameter) {
            w.global("torch._utils", "_rebuild_parameter");
        }
        w.global("torch._utils", "_rebuild_tensor_v2");
        w.op('(');
        w.op('(').string("storage").global("torch", tensor.dtype().torchStorageClass()).string(storageKey)
                .string("cpu").integer(tensor.numel()).op('t').put();
        w.op('Q'); // BINPERSID
        w.integer(0); // storage offset
        long[] shape = tensor.shape();
        w.tuple(shape).tuple(contiguousStride(shape));
        w.op(0x89); // requires_grad of the inner tensor is always False; the Parameter carries the flag
        int orderedDict = w.global("collections", "OrderedDict").memo - 1;
        w.op(')').op('R').put(); // OrderedDict(): no backward hooks
        w.op('t').put().op('R').put();
        if (parameter) {
            w.op(requiresGrad ? 0x88 : 0x89);
            w.op('h').op(orderedDict).op(')').op('R').put();
            w.op(0x87).put().op('R').put(); // TUPLE3, REDUCE
        }
        w.op('.');
        return w.out.toByteArray();
    }

    /** Row-major strides: the last dimension is contiguous. */
    static long[] contiguousStride(long[] shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = step;
            step *= Math.max(shape[i], 1);
        }
        return stride;
    }

    private TorchPickleWriter op(int code) {
        out.write(code);
        return this;
    }

    /** BINPUT of the object on top of the stack, as Python's pickler memoizes every tuple, string and global. */
    private TorchPickleWriter put() {
        if (memo > 255) {
            throw new IllegalStateException("a single-tensor pickle never needs more than 256 memo slots");
        }
        out.write('q');
        out.write(memo++);
        return this;
    }

    private TorchPickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return put();
    }

    private TorchPickleWriter string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        op('X').int32(bytes.length);
        out.writeBytes(bytes);
        return put();
    }

    /** Python's choice of opcode: the shortest of BININT1, BININT2, BININT, LONG1 that holds the value. */
    private TorchPickleWriter integer(long value) {
        if (value >= 0 && value < 0x100) {
            return op('K').op((int) value);
        }
        if (value >= 0 && value < 0x10000) {
            return op('M').op((int) (value & 0xFF)).op((int) (value >>> 8));
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return op('J').int32((int) value);
        }
        op(0x8a).op(8);
        for (int i = 0; i < 8; i++) {
            op((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    private TorchPickleWriter tuple(long[] values) {
        if (values.length == 0) {
            return op(')'); // Python does not memoize the empty tuple
        }
        if (values.length > 3) {
            op('(');
        }
        for (long value : values) {
            integer(value);
        }
        return op(values.length > 3 ? 't' : 0x84 + values.length).put();
    }

    private TorchPickleWriter int32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xFF);
        }
        return this;
    }
}
