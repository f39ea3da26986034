package org.embeddingstudio.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.adapter.AdapterPlacement;
import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.FolderSave;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.SaveFailedException;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.tensor.HostTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adapters and their heads in {@code adapters}' folder layout: {@code adapter_config.json} +
 * {@code pytorch_adapter.bin} ({@code torch.save} of a state dict, as {@code save_adapter} writes by default) with
 * {@code adapters}' parameter names
 * ({@code bert.encoder.layer.N.output.adapters.NAME.adapter_down.0.weight}, …), and beside them
 * {@code head_config.json} + {@code pytorch_model_head.bin} ({@code heads.NAME.1.weight}, …). Reading also accepts
 * {@code adapter.safetensors} / {@code model_head.safetensors} ({@code use_safetensors=True}); pickles are read
 * through the restricted unpickler.
 */
public final class AdapterFiles {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter.safetensors";
    public static final String WEIGHTS_BIN = "pytorch_adapter.bin";
    public static final String HEAD_CONFIG = "head_config.json";
    public static final String HEAD_WEIGHTS = "model_head.safetensors";
    public static final String HEAD_WEIGHTS_BIN = "pytorch_model_head.bin";
    static final String VERSION = "adapters.1.2.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdapterFiles() {
    }

    /** Stages a head's files beside an adapter's. */
    @FunctionalInterface
    interface HeadStaging {
        void stage(FolderSave save) throws IOException;
    }

    /** Writes an adapter, and the head if given (else removes one an earlier save left), into {@code folder}. */
    static void save(Path folder, BottleneckAdapter adapter, AdapterPlacement model, String source, HeadStaging head)
            throws IOException {
        String prefix = model.parameterPrefix();
        ObjectNode config = envelope(adapter.name(), model, source);
        config.set("config", adapter.config().toJson());
        // Weights, config and head are replaced together: a save cut short leaves the previous adapter complete.
        try (FolderSave save = FolderSave.begin(folder)) {
            writeWeights(save, WEIGHTS_BIN, WEIGHTS, host(adapter.parameters(), prefix));
            AtomicFiles.writeString(save.stage(CONFIG),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            if (head != null) {
                head.stage(save);
            } else {
                // A head left from an earlier save would be loaded with this adapter as if it belonged to it.
                save.remove(HEAD_CONFIG);
                save.remove(HEAD_WEIGHTS_BIN);
                save.remove(HEAD_WEIGHTS);
            }
            save.commit();
        } catch (IOException e) {
            throw SaveFailedException.explain(folder, e);
        }
    }

    /** Writes a head alone in {@code adapters}' head layout, its files replaced together. */
    static void saveHead(Path folder, HeadStaging head) throws IOException {
        try (FolderSave save = FolderSave.begin(folder)) {
            head.stage(save);
            save.commit();
        } catch (IOException e) {
            throw SaveFailedException.explain(folder, e);
        }
    }

    /**
     * Writes weights as {@code torch.save} of a state dict under {@code bin}, the file {@code adapters}' loaders read
     * by default ({@code load_adapter(..., use_safetensors=False)}; with {@code True} they fall back to it), and
     * removes a {@code safetensors} copy an earlier save left, which readers would prefer to the new weights.
     */
    static void writeWeights(FolderSave save, String bin, String safetensors, Map<String, HostTensor> tensors)
            throws IOException {
        TorchFile.writeStateDict(save.stage(bin), tensors);
        save.remove(safetensors);
    }

    static ObjectNode envelope(String name, AdapterPlacement model, String source) {
        ObjectNode json = JSON.createObjectNode();
        json.put("hidden_size", model.hiddenSize());
        json.put("model_class", model.modelClass());
        json.put("model_name", source);
        json.put("model_type", model.modelType());
        json.put("name", name);
        json.put("version", VERSION);
        return json;
    }

    static Map<String, HostTensor> host(Map<String, NDArray> parameters, String prefix) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, value) -> tensors.put(prefix + name, HostTensors.toHost(value)));
        return tensors;
    }

    /**
     * Reads an adapter for a model of {@code model}'s architecture and size (a head beside it is
     * {@link HeadFiles}' to read).
     *
     * @param name the name to load it under, or null for the name saved in its config
     */
    static BottleneckAdapter load(Path folder, String name, AdapterPlacement model, NDManager manager)
            throws IOException {
        FolderSave.recoverBeforeReading(folder);
        Path configFile = folder.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new FileFormatException(folder, "not an adapter folder: " + CONFIG + " is missing");
        }
        JsonNode config = readJson(configFile);
        String savedName = config.path("name").asText("");
        checkFits(configFile, config, model);
        BottleneckConfig adapterConfig;
        try {
            adapterConfig = BottleneckConfig.fromJson(config.path("config"));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(configFile, e.getMessage(), e);
        }
        String loadAs = name == null ? savedName : name;
        Map<String, HostTensor> tensors = weights(folder, WEIGHTS, WEIGHTS_BIN);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        String prefix = model.parameterPrefix();
        String savedMarker = ".adapters." + savedName + ".";
        tensors.forEach((key, tensor) -> {
            String stripped = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
            parameters.put(stripped.replace(savedMarker, ".adapters." + loadAs + "."),
                    HostTensors.toNDArray(manager, tensor));
        });
        try {
            return BottleneckAdapter.of(loadAs, adapterConfig, model, manager, parameters);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(folder.resolve(WEIGHTS), e.getMessage(), e);
        }
    }

    static void checkFits(Path file, JsonNode config, AdapterPlacement model) throws FileFormatException {
        int hidden = config.path("hidden_size").asInt(model.hiddenSize());
        String type = config.path("model_type").asText(model.modelType());
        if (hidden != model.hiddenSize()) {
            throw new FileFormatException(file, "was saved for hidden size " + hidden + "; this model has "
                    + model.hiddenSize());
        }
        if (!model.fits(type)) {
            throw new FileFormatException(file, "was saved for a " + type + " model; this is a "
                    + model.modelType() + " model");
        }
    }

    static Map<String, HostTensor> weights(Path folder, String safetensors, String bin) throws IOException {
        Path file = folder.resolve(safetensors);
        if (Files.isRegularFile(file)) {
            return Safetensors.read(file).tensors();
        }
        Path legacy = folder.resolve(bin);
        if (Files.isRegularFile(legacy)) {
            TorchContent content = TorchFile.read(legacy);
            if (content instanceof TorchContent.StateDict dict) {
                return dict.tensors();
            }
            throw new FileFormatException(legacy, "holds a single tensor, not named parameters");
        }
        throw new FileFormatException(folder, "has no weights: expected " + safetensors + " or " + bin);
    }

    static JsonNode readJson(Path file) throws FileFormatException {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new FileFormatException(file, "must hold a JSON object");
            }
            return node;
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "not valid JSON", e);
        }
    }
}
