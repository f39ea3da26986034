package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.TrainingSetup;
import org.embeddingstudio.core.tensor.HostTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint folder: every trainable parameter (adapter, head, and the active embedding when it trains)
 * in {@code trainable.safetensors}, AdamW's moments in {@code optimizer.safetensors}, and the step and setup in
 * {@code trainer_state.json} (written last, so a folder without it is an interrupted checkpoint and is not used).
 */
public final class TrainingCheckpoint {
    static final String PARAMETERS = "trainable.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a checkpoint restores into a running trainer. */
    public record State(int step, Map<String, NDArray> optimizerState) {
    }

    private TrainingCheckpoint() {
    }

    static void write(Path folder, TrainingSetup setup, Map<String, NDArray> trainable, AdamW optimizer, int step,
                      int totalSteps) throws IOException {
        Files.createDirectories(folder);
        Safetensors.write(folder.resolve(PARAMETERS), host(trainable), Map.of());
        Safetensors.write(folder.resolve(OPTIMIZER), host(optimizer.state()), Map.of());
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        state.put("total_steps", totalSteps);
        state.put("adapter", setup.adapter());
        state.put("train_embeddings", setup.trainEmbeddings());
        state.put("embedding", setup.embedding());
        state.put("head", setup.head());
        AtomicFiles.writeString(folder.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    }

    private static Map<String, HostTensor> host(Map<String, NDArray> arrays) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        arrays.forEach((name, value) -> tensors.put(name, HostTensors.toHost(value)));
        return tensors;
    }

    /**
     * Restores a checkpoint's parameters into the model's trainable arrays (in place) and returns the state to
     * resume from. The checkpoint must come from the same setup.
     */
    public static State restore(Path folder, TrainingSetup setup, Map<String, NDArray> trainable, NDManager manager)
            throws IOException {
        Path stateFile = folder.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new FileFormatException(folder, "is not a complete checkpoint: " + STATE + " is missing");
        }
        JsonNode state = JSON.readTree(stateFile.toFile());
        if (!setup.adapter().equals(state.path("adapter").asText())
                || setup.trainEmbeddings() != state.path("train_embeddings").asBoolean()
                || !setup.embedding().equals(state.path("embedding").asText())
                || !setup.head().equals(state.path("head").asText())) {
            throw new FileFormatException(stateFile, "was written for adapter '" + state.path("adapter").asText()
                    + "', embedding '" + state.path("embedding").asText() + "', head '" + state.path("head").asText()
                    + "'; the current setup is " + setup);
        }
        Map<String, HostTensor> parameters = Safetensors.read(folder.resolve(PARAMETERS)).tensors();
        for (Map.Entry<String, NDArray> entry : trainable.entrySet()) {
            HostTensor saved = parameters.get(entry.getKey());
            if (saved == null || !Arrays.equals(saved.shape(), entry.getValue().getShape().getShape())) {
                throw new FileFormatException(folder.resolve(PARAMETERS), "lacks " + entry.getKey()
                        + " with shape " + entry.getValue().getShape());
            }
            entry.getValue().set(saved.data().duplicate());
        }
        Map<String, NDArray> optimizer = new LinkedHashMap<>();
        Safetensors.read(folder.resolve(OPTIMIZER)).tensors()
                .forEach((name, tensor) -> optimizer.put(name, HostTensors.toNDArray(manager, tensor)));
        return new State(state.path("step").asInt(), optimizer);
    }
}
