package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same model stored every way Hugging Face stores one loads to the same outputs. */
class CheckpointFormatsTest {
    static final Path REFERENCE = Path.of("src/test/resources/reference/tiny-bert");

    @TempDir
    Path temp;

    @Test
    void pytorchModelBinShardedSafetensorsAndUnprefixedNamesAllLoadTheSameModel() throws Exception {
        Map<String, HostTensor> tensors = Safetensors.read(REFERENCE.resolve("model.safetensors")).tensors();
        float[] expected = logits(REFERENCE);

        Path bin = folder("bin");
        TorchFile.writeStateDict(bin.resolve("pytorch_model.bin"), tensors);
        assertArrayEquals(expected, logits(bin));

        Path sharded = folder("sharded");
        Map<String, HostTensor> first = new LinkedHashMap<>();
        Map<String, HostTensor> second = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        int i = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            String shard = i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (shard.startsWith("model-00001") ? first : second).put(entry.getKey(), entry.getValue());
            index.append(i > 1 ? "," : "").append('"').append(entry.getKey()).append("\": \"").append(shard)
                    .append('"');
        }
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.append("}}").toString());
        Safetensors.write(sharded.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        Safetensors.write(sharded.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        assertArrayEquals(expected, logits(sharded));

        Path bare = folder("bare");
        Map<String, HostTensor> unprefixed = new LinkedHashMap<>();
        tensors.forEach((name, value) -> unprefixed.put(name.replaceFirst("^bert\\.", ""), value));
        Safetensors.write(bare.resolve("model.safetensors"), unprefixed, Map.of());
        assertArrayEquals(expected, logits(bare));
    }

    @Test
    void aMissingShardAndAMissingConfigAreNamed() throws Exception {
        Path sharded = folder("broken");
        Files.writeString(sharded.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"bert.pooler.dense.weight\": \"model-00001-of-00001.safetensors\"}}");
        FileFormatException shard = assertThrows(FileFormatException.class, () -> ModelLoader.load(sharded,
                Device.cpu()));
        assertTrue(shard.getMessage().contains("model-00001-of-00001.safetensors"), shard.getMessage());
        Path empty = Files.createDirectories(temp.resolve("empty"));
        FileFormatException config = assertThrows(FileFormatException.class, () -> ModelLoader.load(empty,
                Device.cpu()));
        assertTrue(config.getMessage().contains("config.json"), config.getMessage());
    }

    Path folder(String name) throws Exception {
        Path folder = Files.createDirectories(temp.resolve(name));
        Files.copy(REFERENCE.resolve("config.json"), folder.resolve("config.json"));
        return folder;
    }

    static float[] logits(Path folder) throws Exception {
        try (AdapterModel model = ModelLoader.load(folder, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            return model.maskedLmLogits(TokenBatch.of(manager, new long[][]{{2, 5, 17, 42, 3}}, null, 0))
                    .toFloatArray();
        }
    }
}
