package org.embeddingstudio.core.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the few allowed torch globals mean when a pickle calls them. Each is interpreted in Java with its arguments
 * checked; none is a Python call.
 */
final class TorchPickleCalls {
    private final Path file;

    TorchPickleCalls(Path file) {
        this.file = file;
    }

    /** REDUCE: {@code global(*args)}. */
    Object reduce(TorchGlobal global, PickleTuple args) throws FileFormatException {
        return switch (global.kind()) {
            case ORDERED_DICT -> orderedDict(args);
            case REBUILD_TENSOR_V2 -> rebuildTensor(args);
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                int expected = global.kind() == TorchGlobal.Kind.REBUILD_PARAMETER ? 3 : 4;
                arity("_rebuild_parameter", args, expected);
                if (!(args.get(0) instanceof TorchTensorRef tensor)) {
                    throw bad("_rebuild_parameter is given something that is not a tensor");
                }
                yield tensor.asParameter(bool(args.get(1), "requires_grad"));
            }
            case STORAGE_CLASS, DTYPE -> throw bad("the pickle calls torch." + (global.kind()
                    == TorchGlobal.Kind.STORAGE_CLASS ? global.dtype().torchStorageClass() : global.dtype().torchName())
                    + ", which tensor files never do");
        };
    }

    /**
     * BUILD: setting an object's state. Only a dict's attribute dict is accepted, because {@code state_dict()}
     * carries its {@code _metadata} (module versions) that way; we do not need it.
     */
    void build(Object target, Object state) throws FileFormatException {
        if (!(target instanceof LinkedHashMap<?, ?>) || !(state == null || state instanceof Map<?, ?>)) {
            throw bad("BUILD on a " + typeName(target) + "; only an OrderedDict's attributes may be set");
        }
    }

    /** BINPERSID: {@code ('storage', torch.XStorage, key, location, numel)}, as torch's persistent_id writes it. */
    Object persistentLoad(Object pid) throws FileFormatException {
        if (!(pid instanceof PickleTuple tuple) || tuple.size() != 5 || !"storage".equals(tuple.get(0))) {
            throw bad("a persistent id that is not ('storage', type, key, location, size)");
        }
        if (!(tuple.get(1) instanceof TorchGlobal type) || type.kind() != TorchGlobal.Kind.STORAGE_CLASS) {
            throw bad("a storage whose type is not a torch storage class");
        }
        if (!(tuple.get(2) instanceof String key) || !(tuple.get(3) instanceof String)) {
            throw bad("a storage whose key or location is not a string");
        }
        return new TorchStorageRef(key, type.dtype(), nonNegative(tuple.get(4), "storage size"));
    }

    private LinkedHashMap<Object, Object> orderedDict(PickleTuple args) throws FileFormatException {
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        if (args.size() == 0) {
            return dict;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof PickleTuple kv) || kv.size() != 2 || !(kv.get(0) instanceof String)) {
                    throw bad("OrderedDict is given something other than (name, value) pairs");
                }
                dict.put(kv.get(0), kv.get(1));
            }
            return dict;
        }
        throw bad("OrderedDict is called with unexpected arguments");
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TorchTensorRef rebuildTensor(PickleTuple args) throws FileFormatException {
        if (args.size() != 6 && args.size() != 7) {
            throw bad("_rebuild_tensor_v2 takes 6 or 7 arguments, the pickle gives " + args.size());
        }
        if (!(args.get(0) instanceof TorchStorageRef storage)) {
            throw bad("_rebuild_tensor_v2 is given something that is not a storage");
        }
        long offset = nonNegative(args.get(1), "storage offset");
        long[] shape = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (shape.length != stride.length) {
            throw bad("a tensor with " + shape.length + " sizes but " + stride.length + " strides");
        }
        return new TorchTensorRef(storage, offset, shape, stride, false, bool(args.get(4), "requires_grad"));
    }

    private long[] longs(Object value, String what) throws FileFormatException {
        if (!(value instanceof PickleTuple tuple)) {
            throw bad("the tensor " + what + " is not a tuple");
        }
        long[] longs = new long[tuple.size()];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = nonNegative(tuple.get(i), "tensor " + what);
        }
        return longs;
    }

    private long nonNegative(Object value, String what) throws FileFormatException {
        if (!(value instanceof Long number) || number < 0) {
            throw bad("the " + what + " is " + typeName(value) + ", not a non-negative integer");
        }
        return number;
    }

    private boolean bool(Object value, String what) throws FileFormatException {
        if (!(value instanceof Boolean flag)) {
            throw bad(what + " is " + typeName(value) + ", not a bool");
        }
        return flag;
    }

    private void arity(String function, PickleTuple args, int expected) throws FileFormatException {
        if (args.size() != expected) {
            throw bad(function + " takes " + expected + " arguments, the pickle gives " + args.size());
        }
    }

    private static String typeName(Object value) {
        return value == null ? "None" : value instanceof Long number ? number.toString()
                : value.getClass().getSimpleName();
    }

    private FileFormatException bad(String problem) {
        return new FileFormatException(file, "not a tensor pickle: " + problem);
    }
}
