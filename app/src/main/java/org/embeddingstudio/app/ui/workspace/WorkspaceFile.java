package org.embeddingstudio.app.ui.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A workspace file ({@code *.esw}, JSON): the model (a folder or the built-in demo), every embedding (where it is
 * saved, with its tokenizer), the adapters and what is active. Embeddings and adapters not saved anywhere yet (or
 * trained since) are saved beside the file, in {@code NAME.files/}. The file is written last and atomically, so a
 * crash during a save leaves the previous workspace file whole.
 */
public final class WorkspaceFile {
    static final String FORMAT = "embedding-studio/workspace";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An embedding as the file records it. */
    public record SavedEmbedding(String name, Path folder) {
    }

    /** What a workspace file holds. */
    public record Contents(ModelSource model, List<SavedEmbedding> embeddings, String active, List<SavedEmbedding> adapters,
                           String activeAdapter) {
    }

    private WorkspaceFile() {
    }

    /** Saves what is needed beside {@code file}, then writes the file. Runs on a background thread. */
    static void save(Path file, ModelSource source, AdapterModel model, CancellationToken cancellation)
            throws IOException {
        Path absolute = file.toAbsolutePath();
        Path files = absolute.resolveSibling(stem(absolute) + ".files");
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", 1);
        json.set("model", modelJson(source));
        ArrayNode embeddings = json.putArray("embeddings");
        for (EmbeddingInfo info : model.embeddingInfos()) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("Saving the workspace was cancelled; the previous file is unchanged");
            }
            if (info.isDefault()) {
                continue;
            }
            Path folder = info.savedAt().filter(p -> !info.unsavedTraining()).orElse(null);
            if (folder == null) {
                folder = files.resolve("embeddings").resolve(info.name());
                model.saveEmbeddings(folder, info.name(), model.embeddings().get(info.name()).tokenizer().orElse(null),
                        EmbeddingFormat.PT);
            }
            embeddings.addObject().put("name", info.name()).put("folder", relative(absolute, folder));
        }
        json.put("active", model.activeEmbeddings());
        AdapterModel.AdapterInfos adapterInfos = model.adapterInfos();
        ArrayNode adapters = json.putArray("adapters");
        for (String adapter : adapterInfos.names()) {
            Path folder = files.resolve("adapters").resolve(adapter);
            model.saveAdapter(folder, adapter, false);
            adapters.addObject().put("name", adapter).put("folder", relative(absolute, folder));
        }
        json.put("active_adapter", adapterInfos.active());
        AtomicFiles.writeString(absolute, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** Reads a workspace file; folders are resolved against the file's folder. */
    public static Contents read(Path file) throws IOException {
        AtomicFiles.removeLeftovers(file); // what a save killed mid-write left beside the file
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new FileFormatException(file, "is not a readable workspace file (" + e.getMessage() + ")", e);
        }
        if (json == null || !FORMAT.equals(json.path("format").asText())) {
            throw new FileFormatException(file, "is not an Embedding Studio workspace (no \"format\": \"" + FORMAT
                    + "\")");
        }
        Path base = file.toAbsolutePath().getParent();
        JsonNode model = json.path("model");
        ModelSource source = switch (model.path("kind").asText()) {
            case "demo" -> new ModelSource.Demo();
            case "folder" -> {
                Path folder = base.resolve(requireText(file, model, "path"));
                yield model.hasNonNull("name") ? new ModelSource.Folder(folder, model.get("name").asText())
                        : new ModelSource.Folder(folder);
            }
            default -> throw new FileFormatException(file, "model kind '" + model.path("kind").asText()
                    + "' is unknown (demo or folder)");
        };
        return new Contents(source, entries(file, base, json.path("embeddings")), json.path("active").asText("default"),
                entries(file, base, json.path("adapters")), json.path("active_adapter").asText(""));
    }

    private static List<SavedEmbedding> entries(Path file, Path base, JsonNode array) throws FileFormatException {
        List<SavedEmbedding> entries = new ArrayList<>();
        for (JsonNode entry : array) {
            entries.add(new SavedEmbedding(requireText(file, entry, "name"),
                    base.resolve(requireText(file, entry, "folder"))));
        }
        return entries;
    }

    private static String requireText(Path file, JsonNode node, String key) throws FileFormatException {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FileFormatException(file, "an entry lacks its \"" + key + "\"");
        }
        return value.asText();
    }

    private static ObjectNode modelJson(ModelSource source) {
        ObjectNode model = JSON.createObjectNode();
        switch (source) {
            case ModelSource.Demo demo -> model.put("kind", "demo");
            case ModelSource.Folder folder -> model.put("kind", "folder").put("path", folder.path().toAbsolutePath()
                    .toString()).put("name", folder.name());
        }
        return model;
    }

    /** Paths inside the workspace's folder are stored relative to it, so the folder can be moved as a whole. */
    private static String relative(Path workspaceFile, Path folder) {
        Path base = workspaceFile.getParent();
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
