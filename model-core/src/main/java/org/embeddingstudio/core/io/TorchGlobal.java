package org.embeddingstudio.core.io;

import java.nio.file.Path;

/**
 * A Python global that a tensor pickle may name. Only these are ever accepted: everything else is refused with an
 * {@link UnsafePickleException} the moment the pickle names it.
 *
 * @param kind  what the global stands for
 * @param dtype the element type, for storage classes and dtypes; otherwise {@code null}
 */
record TorchGlobal(Kind kind, TensorDType dtype) {
    enum Kind { REBUILD_TENSOR_V2, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE, ORDERED_DICT, STORAGE_CLASS, DTYPE }

    /** The allowed global {@code module.name}, or an {@link UnsafePickleException}. */
    static TorchGlobal resolve(Path file, String module, String name) throws UnsafePickleException {
        String dotted = module + "." + name;
        switch (dotted) {
            case "torch._utils._rebuild_tensor_v2" -> {
                return new TorchGlobal(Kind.REBUILD_TENSOR_V2, null);
            }
            case "torch._utils._rebuild_parameter" -> {
                return new TorchGlobal(Kind.REBUILD_PARAMETER, null);
            }
            case "torch._utils._rebuild_parameter_with_state" -> {
                return new TorchGlobal(Kind.REBUILD_PARAMETER_WITH_STATE, null);
            }
            case "collections.OrderedDict" -> {
                return new TorchGlobal(Kind.ORDERED_DICT, null);
            }
            default -> {
                if ("torch".equals(module)) {
                    var storage = TensorDType.fromTorchStorageClass(name);
                    if (storage.isPresent()) {
                        return new TorchGlobal(Kind.STORAGE_CLASS, storage.get());
                    }
                    var dtype = TensorDType.fromTorchName(name);
                    if (dtype.isPresent()) {
                        return new TorchGlobal(Kind.DTYPE, dtype.get());
                    }
                }
                throw new UnsafePickleException(file, MessageText.printable(dotted));
            }
        }
    }
}
