package org.embeddingstudio.core.hub;

import ai.djl.Device;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HuggingFaceCacheTest {
    @TempDir
    Path temp;

    @Test
    void findsModelsLaidOutAsHuggingFaceHubCachesThemAndTheyLoad() throws Exception {
        Path hub = temp.resolve("hf/hub");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path repository = hub.resolve("models--someone--tiny-bert");
        Path snapshot = Files.createDirectories(repository.resolve("snapshots").resolve(commit));
        Files.createDirectories(repository.resolve("blobs"));
        Files.createDirectories(repository.resolve("refs"));
        Files.writeString(repository.resolve("refs/main"), commit);
        Path reference = Path.of("src/test/resources/reference/tiny-bert");
        for (String file : List.of("config.json", "model.safetensors")) {
            Path blob = repository.resolve("blobs").resolve(file.hashCode() + "");
            Files.copy(reference.resolve(file), blob);
            Files.createSymbolicLink(snapshot.resolve(file), snapshot.relativize(blob));
        }
        Files.createDirectories(hub.resolve("datasets--someone--data"));

        HuggingFaceCache cache = HuggingFaceCache.fromEnvironment(Map.of("HF_HOME", temp.resolve("hf").toString()));
        List<HuggingFaceCache.CachedModel> models = cache.models();
        assertEquals(List.of(new HuggingFaceCache.CachedModel("someone/tiny-bert", commit, snapshot)), models);
        try (AdapterModel model = ModelLoader.load(models.get(0).folder(), Device.cpu())) {
            assertEquals(99, model.vocabSize());
        }
    }

    @Test
    void noCacheMeansNoModels() throws Exception {
        assertEquals(List.of(), new HuggingFaceCache(temp.resolve("absent")).models());
        assertEquals(temp.resolve("x/huggingface/hub"),
                HuggingFaceCache.fromEnvironment(Map.of("XDG_CACHE_HOME", temp.resolve("x").toString())).root());
    }
}
