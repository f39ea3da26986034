package org.embeddingstudio.core.interop;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.tensor.HostTensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token sequences as the Python scripts read a batch: right-padded {@code input_ids} and {@code attention_mask}. */
final class PaddedBatches {
    private PaddedBatches() {
    }

    /** Writes the rows right-padded with id 0 (masked out) into a safetensors file and returns it. */
    static Path write(List<long[]> rows, Path file) throws IOException {
        int length = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        long[][] ids = new long[rows.size()][length];
        long[][] mask = new long[rows.size()][length];
        for (int r = 0; r < rows.size(); r++) {
            for (int t = 0; t < rows.get(r).length; t++) {
                ids[r][t] = rows.get(r)[t];
                mask[r][t] = 1;
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            tensors.put("input_ids", HostTensors.toHost(manager.create(ids)));
            tensors.put("attention_mask", HostTensors.toHost(manager.create(mask)));
            Safetensors.write(file, tensors, Map.of());
        }
        return file;
    }
}
