package org.embeddingstudio.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the protocol-2 pickles that {@code torch.save} writes, opcode for opcode, so Python's
 * {@code torch.load(weights_only=True)} accepts them. One tensor is
 * {@code _rebuild_tensor_v2(persistent_id(('storage', torch.XStorage, key, 'cpu', numel)), 0, shape, stride, False,
 * OrderedDict())}; a parameter wraps that in {@code _rebuild_parameter(tensor, requires_grad, OrderedDict())}; a
 * state dict is an {@code OrderedDict} of name to tensor.
 */
final class TorchPickleWriter {
    /** Python's pickler puts at most this many items under one SETITEMS. */
    private static final int BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Python memoizes each global and string once and refers back with BINGET, so we do the same. */
    private final Map<String, Integer> memoized = new HashMap<>();
    private int memo;

    private TorchPickleWriter() {
    }

    /**
     * The pickle for one contiguous tensor stored in zip entry {@code data/<storageKey>}.
     *
     * @param parameter write an {@code nn.Parameter} (with {@code requiresGrad}) instead of a plain tensor
     */
    static byte[] tensor(HostTensor tensor, String storageKey, boolean parameter, boolean requiresGrad) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2); // PROTO 2
        if (parameter) {
            w.global("torch._utils", "_rebuild_parameter");
        }
        w.rebuildTensor(tensor, storageKey);
        if (parameter) {
            w.op(requiresGrad ? 0x88 : 0x89);
            w.global("collections", "OrderedDict").op(')').op('R').put(); // no backward hooks
            w.op(0x87).put().op('R').put(); // TUPLE3, REDUCE
        }
        return w.op('.').out.toByteArray();
    }

    /** The pickle for a state dict whose i-th tensor is stored in zip entry {@code data/<i>}. */
    static byte[] stateDict(Map<String, HostTensor> tensors) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2);
        w.global("collections", "OrderedDict").op(')').op('R').put();
        List<Map.Entry<String, HostTensor>> entries = List.copyOf(tensors.entrySet());
        for (int start = 0; start < entries.size(); start += BATCH) {
            w.op('(');
            for (int i = start; i < Math.min(start + BATCH, entries.size()); i++) {
                w.string(entries.get(i).getKey());
                w.rebuildTensor(entries.get(i).getValue(), Integer.toString(i));
            }
            w.op('u'); // SETITEMS
        }
        return w.op('.').out.toByteArray();
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

    private void rebuildTensor(HostTensor tensor, String storageKey) {
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        op('(').string("storage").global("torch", tensor.dtype().torchStorageClass()).string(storageKey)
                .string("cpu").integer(tensor.numel()).op('t').put();
        op('Q'); // BINPERSID
        integer(0); // storage offset
        long[] shape = tensor.shape();
        tuple(shape).tuple(contiguousStride(shape));
        op(0x89); // requires_grad of the tensor itself; a Parameter carries its own flag
        global("collections", "OrderedDict").op(')').op('R').put(); // no backward hooks
        op('t').put().op('R').put();
    }

    private TorchPickleWriter op(int code) {
        out.write(code);
        return this;
    }

    /** BINPUT (or LONG_BINPUT) of the object on top of the stack, as Python's pickler memoizes tuples and objects. */
    private TorchPickleWriter put() {
        int index = memo++;
        if (index < 256) {
            return op('q').op(index);
        }
        return op('r').int32(index);
    }

    private TorchPickleWriter recallOrPut(String identity, Runnable write) {
        Integer known = memoized.get(identity);
        if (known != null) {
            return known < 256 ? op('h').op(known) : op('j').int32(known);
        }
        write.run();
        memoized.put(identity, memo);
        return put();
    }

    private TorchPickleWriter global(String module, String name) {
        return recallOrPut("global " + module + "." + name, () -> {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    private TorchPickleWriter string(String value) {
        return recallOrPut("string " + value, () -> {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            op('X').int32(bytes.length);
            out.writeBytes(bytes);
        });
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
