package org.embeddingstudio.core.io;

import java.util.Optional;

/**
 * The element types a host tensor file may hold, with the names the two file formats use for them: the safetensors
 * {@code dtype} string and the legacy torch storage class that {@code torch.save} names in its pickle.
 */
public enum TensorDType {
    F32("F32", 4, "FloatStorage", "float32"),
    F16("F16", 2, "HalfStorage", "float16"),
    BF16("BF16", 2, "BFloat16Storage", "bfloat16"),
    F64("F64", 8, "DoubleStorage", "float64"),
    I64("I64", 8, "LongStorage", "int64"),
    I32("I32", 4, "IntStorage", "int32"),
    I16("I16", 2, "ShortStorage", "int16"),
    I8("I8", 1, "CharStorage", "int8"),
    U8("U8", 1, "ByteStorage", "uint8"),
    BOOL("BOOL", 1, "BoolStorage", "bool");

    private final String safetensorsName;
    private final int byteSize;
    private final String torchStorageClass;
    private final String torchName;

    TensorDType(String safetensorsName, int byteSize, String torchStorageClass, String torchName) {
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
        this.torchStorageClass = torchStorageClass;
        this.torchName = torchName;
    }

    /** The {@code dtype} string of a safetensors header, e.g. {@code "F32"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The class name in module {@code torch} that a {@code torch.save} pickle uses, e.g. {@code "FloatStorage"}. */
    public String torchStorageClass() {
        return torchStorageClass;
    }

    /** The attribute name of the dtype in module {@code torch}, e.g. {@code "float32"} for {@code torch.float32}. */
    public String torchName() {
        return torchName;
    }

    /** The type with this safetensors name, if it is one of ours. */
    public static Optional<TensorDType> fromSafetensorsName(String name) {
        for (TensorDType type : values()) {
            if (type.safetensorsName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type stored by this torch storage class (without the {@code torch.} module), if it is one of ours. */
    public static Optional<TensorDType> fromTorchStorageClass(String className) {
        for (TensorDType type : values()) {
            if (type.torchStorageClass.equals(className)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type named {@code torch.<name>}, e.g. {@code float16}, if it is one of ours. */
    public static Optional<TensorDType> fromTorchName(String name) {
        for (TensorDType type : values()) {
            if (type.torchName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
