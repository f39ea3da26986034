package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TensorDType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes named tensors as safetensors, or as a JSON object of nested arrays for tools that read no tensors. */
final class TensorOutput {
    private TensorOutput() {
    }

    /** Whether {@code file}'s extension names a format this class writes. */
    static boolean supports(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".safetensors") || name.endsWith(".json");
    }

    static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            writeJson(file, tensors);
        } else {
            Safetensors.write(file, tensors, Map.of("format", "pt"));
        }
    }

    private static void writeJson(Path file, Map<String, HostTensor> tensors) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            for (Map.Entry<String, HostTensor> named : tensors.entrySet()) {
                json.writeFieldName(named.getKey());
                HostTensor tensor = named.getValue();
                writeNested(json, tensor.dtype(), tensor.shape(), tensor.data(), 0, 0);
            }
            json.writeEndObject();
        }
    }

    /** Writes dimension {@code axis} starting at flat element {@code offset}; returns the next element's index. */
    private static long writeNested(JsonGenerator json, TensorDType dtype, long[] shape, ByteBuffer data, int axis,
                                    long offset) throws IOException {
        if (axis == shape.length) {
            int index = Math.toIntExact(offset);
            if (dtype == TensorDType.I64) {
                json.writeNumber(data.getLong(8 * index));
            } else if (dtype == TensorDType.F32) {
                json.writeNumber(data.getFloat(4 * index));
            } else {
                throw new IllegalArgumentException("only F32 and I64 tensors are written as JSON, not "
                        + dtype);
            }
            return offset + 1;
        }
        json.writeStartArray();
        long next = offset;
        for (long i = 0; i < shape[axis]; i++) {
            next = writeNested(json, dtype, shape, data, axis + 1, next);
        }
        json.writeEndArray();
        return next;
    }
}
