package org.embeddingstudio.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the weights of a Hugging Face model folder, whichever way they are stored: {@code model.safetensors},
 * sharded safetensors ({@code model.safetensors.index.json}), {@code pytorch_model.bin} (through the restricted
 * unpickler) or sharded {@code pytorch_model.bin.index.json}. Safetensors wins when both exist, as in transformers.
 */
final class CheckpointReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointReader() {
    }

    /** Every tensor of the checkpoint by its name in the file. */
    static Map<String, HostTensor> read(Path folder) throws IOException {
        Path safetensors = folder.resolve("model.safetensors");
        if (Files.isRegularFile(safetensors)) {
            return Safetensors.read(safetensors).tensors();
        }
        Path safetensorsIndex = folder.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(safetensorsIndex)) {
            return readShards(safetensorsIndex, true);
        }
        Path bin = folder.resolve("pytorch_model.bin");
        if (Files.isRegularFile(bin)) {
            return stateDict(bin);
        }
        Path binIndex = folder.resolve("pytorch_model.bin.index.json");
        if (Files.isRegularFile(binIndex)) {
            return readShards(binIndex, false);
        }
        throw new FileFormatException(folder, "no model weights: expected model.safetensors, "
                + "model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json");
    }

    /**
     * The safetensors files of the folder's weights — {@code model.safetensors}, or the shards its index names —
     * or an empty list when the weights are PyTorch files.
     */
    static List<Path> safetensorsFiles(Path folder) throws IOException {
        Path single = folder.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = folder.resolve("model.safetensors.index.json");
        return Files.isRegularFile(index) ? List.copyOf(shards(index).values()) : List.of();
    }

    /** Each shard the index names (checked to exist inside the folder), by name; the parameter map is checked on. */
    private static Map<String, Path> shards(Path index) throws IOException {
        JsonNode weightMap = weightMap(index);
        Map<String, Path> files = new TreeMap<>();
        for (Iterator<JsonNode> it = weightMap.elements(); it.hasNext(); ) {
            String shard = it.next().asText();
            if (shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
                throw new FileFormatException(index, "shard name '" + shard + "' points outside the model folder");
            }
            Path file = index.resolveSibling(shard);
            if (!Files.isRegularFile(file)) {
                throw new FileFormatException(index, "names shard " + shard + ", which is missing");
            }
            files.put(shard, file);
        }
        return files;
    }

    private static JsonNode weightMap(Path index) throws IOException {
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new FileFormatException(index, "not valid JSON", e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new FileFormatException(index, "has no 'weight_map' object naming the shard of each parameter");
        }
        return weightMap;
    }

    private static Map<String, HostTensor> readShards(Path index, boolean safetensors) throws IOException {
        JsonNode weightMap = weightMap(index);
        Map<String, HostTensor> all = new LinkedHashMap<>();
        for (Path file : shards(index).values()) {
            if (safetensors) {
                all.putAll(Safetensors.read(file).tensors());
            } else {
                all.putAll(stateDict(file));
            }
        }
        for (Iterator<String> it = weightMap.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!all.containsKey(name)) {
                throw new FileFormatException(index, "lists " + name + " in shard " + weightMap.get(name).asText()
                        + ", but that shard does not hold it");
            }
        }
        return all;
    }

    private static Map<String, HostTensor> stateDict(Path file) throws IOException {
        TorchContent content = TorchFile.read(file);
        if (content instanceof TorchContent.StateDict dict) {
            return dict.tensors();
        }
        throw new FileFormatException(file, "holds a single tensor, not a state dict of named parameters");
    }
}
