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
import org.embeddingstudio.core.io.TensorDType;
import org.embeddingstudio.core.model.TrainingSetup;
import org.embeddingstudio.core.tensor.HostTensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint folder: every trainable parameter (adapter, head, and the active embedding when it trains)
 * in {@code trainable.safetensors}, AdamW's moments in {@code optimizer.safetensors}, when the embedding trains its
 * rows' origins as they were when the run began in {@code row_origin.safetensors}, and the step and setup in
 * {@code trainer_state.json} (written last, so a folder without it is an interrupted checkpoint and is not used).
 */
public final class TrainingCheckpoint {
    static final String PARAMETERS = "trainable.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";
    static final String ROW_ORIGINS = "row_origin.safetensors";
    private static final String ROW_ORIGIN_TENSOR = "row_origin";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a checkpoint restores into a running trainer.
     *
     * @param rowOrigins the trained embedding's {@link org.embeddingstudio.core.embedding.RowOrigin} codes when the
     *                   run began, (V); null when the embedding did not train or the checkpoint predates them
     */
    public record State(int step, Map<String, NDArray> optimizerState, byte[] rowOrigins) {
        /**
         * The row origins the run began with, or {@code current} when the checkpoint does not know them. Why: the
         * part of the run before the checkpoint marked every row it changed as trained, so the embedding's own
         * origins no longer say which rows were copied and which drawn at random.
         */
        public byte[] rowOriginsOr(byte[] current) {
            return rowOrigins != null ? rowOrigins.clone() : current;
        }
    }

    private TrainingCheckpoint() {
    }

    /** @param rowOrigins the trained embedding's row origin codes when the run began, or null */
    static void write(Path folder, TrainingSetup setup, Map<String, NDArray> trainable, AdamW optimizer, int step,
                      int totalSteps, byte[] rowOrigins) throws IOException {
        Files.createDirectories(folder);
        Safetensors.write(folder.resolve(PARAMETERS), host(trainable), Map.of());
        Safetensors.write(folder.resolve(OPTIMIZER), host(optimizer.state()), Map.of());
        if (rowOrigins != null) {
            Safetensors.write(folder.resolve(ROW_ORIGINS), Map.of(ROW_ORIGIN_TENSOR, new HostTensor(TensorDType.U8,
                    new long[]{rowOrigins.length}, ByteBuffer.wrap(rowOrigins.clone()))), Map.of());
        }
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
        return new State(state.path("step").asInt(), optimizer, rowOrigins(folder));
    }

    private static byte[] rowOrigins(Path folder) throws IOException {
        Path file = folder.resolve(ROW_ORIGINS);
        if (!Files.isRegularFile(file)) {
            return null; // written before checkpoints kept them, or the embedding did not train
        }
        HostTensor origins = Safetensors.read(file).tensors().get(ROW_ORIGIN_TENSOR);
        if (origins == null || origins.dtype() != TensorDType.U8 || origins.shape().length != 1) {
            throw new FileFormatException(file, "needs '" + ROW_ORIGIN_TENSOR + "' (U8) with one value per row");
        }
        byte[] codes = new byte[(int) origins.numel()];
        origins.data().duplicate().get(codes);
        return codes;
    }
}
