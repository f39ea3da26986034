package org.embeddingstudio.app.ui.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * A workspace file ({@code NAME.esw}, JSON) and its folder {@code NAME.files/}, which together hold everything the
 * user can change: every embedding ("default" included, with its output bias and tokenizer) in
 * {@code embeddings/NAME/}, every adapter in {@code adapters/NAME/}, every prediction head (the classification heads
 * and the masked-LM head) in {@code heads/NAME/}, and in the file what is active and where the model comes from.
 * Paths inside {@code NAME.files/} are stored relative to the file, so the pair can be moved; the model folder is the
 * only thing referenced outside (it is never changed). Each folder is replaced as a whole and the file is written
 * last and atomically, so a crash during a save leaves a workspace that opens; folders no longer listed (renamed or
 * deleted embeddings) are removed only after the file is written.
 *
 * <p>Version 1 files (no "default", no heads; embeddings possibly in folders elsewhere) still open.
 */
public final class WorkspaceFile {
    static final String FORMAT = "embedding-studio/workspace";
    static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("embeddings", "adapters", "heads");

    /** An embedding, adapter or head as the file records it. */
    public record SavedEmbedding(String name, Path folder) {
    }

    /** A prediction head as the file records it; {@code fresh}: a masked-LM head made here, not read with the model. */
    public record SavedHead(String name, Path folder, boolean fresh) {
    }

    /**
     * What a workspace file holds.
     *
     * @param activeHead the active prediction head, or "" when the file does not say (version 1)
     */
    public record Contents(ModelSource model, List<SavedEmbedding> embeddings, String active,
                           List<SavedEmbedding> adapters, String activeAdapter, List<SavedHead> heads,
                           String activeHead, boolean listsEveryEmbedding) {
    }

    private WorkspaceFile() {
    }

    /** The folder beside {@code file} that holds its embeddings, adapters, heads and runs: {@code NAME.files}. */
    public static Path filesFolder(Path file) {
        Path absolute = file.toAbsolutePath();
        return absolute.resolveSibling(stem(absolute) + ".files");
    }

    /** Saves every embedding, adapter and head into {@code NAME.files/}, then writes the file. Background thread. */
    static void save(Path file, ModelSource source, NamedEmbeddingsModel model, CancellationToken cancellation)
            throws IOException {
        save(file, source, model, List.of(), cancellation);
    }

    /** As {@link #save}, with other view models' parts (the training runs) written before the file. */
    static void save(Path file, ModelSource source, NamedEmbeddingsModel model, List<WorkspacePart.Writer> parts,
                     CancellationToken cancellation) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path files = filesFolder(absolute);
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.set("model", modelJson(source));
        ArrayNode embeddings = json.putArray("embeddings");
        Set<String> usedEmbeddingFolders = new HashSet<>();
        // Every embedding is written, "default" and unchanged ones too: training may have changed a matrix or an
        // output bias without marking it, and a folder outside (where one was loaded from) may move or go.
        for (EmbeddingInfo info : model.embeddingInfos()) {
            checkCancelled(cancellation);
            Path folder = files.resolve("embeddings").resolve(folderName(info.name(), usedEmbeddingFolders));
            model.saveEmbeddings(folder, info.name(), model.tokenizerOf(info.name()).orElse(null),
                    EmbeddingFormat.PT);
            embeddings.addObject().put("name", info.name()).put("folder", relative(absolute, folder));
        }
        json.put("active", model.activeEmbeddings());
        NamedEmbeddingsModel.AdapterInfos adapterInfos = model.adapterInfos();
        ArrayNode adapters = json.putArray("adapters");
        Set<String> usedAdapterFolders = new HashSet<>();
        for (String adapter : adapterInfos.names()) {
            checkCancelled(cancellation);
            Path folder = files.resolve("adapters").resolve(folderName(adapter, usedAdapterFolders));
            if (model instanceof AdapterModel bert) {
                bert.saveAdapter(folder, adapter, false); // heads are the model's, saved once each below
            } else {
                model.saveAdapter(folder, adapter);
            }
            adapters.addObject().put("name", adapter).put("folder", relative(absolute, folder));
        }
        json.put("active_adapter", adapterInfos.active());
        ArrayNode heads = json.putArray("heads");
        if (model instanceof AdapterModel bert) {
            saveHeads(bert, absolute, files, heads, cancellation);
            json.put("active_head", bert.activeHead());
        }
        for (WorkspacePart.Writer part : parts) {
            checkCancelled(cancellation);
            part.write();
        }
        checkCancelled(cancellation);
        AtomicFiles.writeString(absolute, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        removeUnlisted(files, json);
    }

    /** A BERT-family model's prediction heads (a causal LM's head is its embeddings' output side). */
    private static void saveHeads(AdapterModel model, Path absolute, Path files, ArrayNode heads,
                                  CancellationToken cancellation) throws IOException {
        Set<String> usedHeadFolders = new HashSet<>();
        for (String head : model.headNames()) {
            checkCancelled(cancellation);
            boolean maskedLm = HeadRegistry.MASKED_LM.equals(head);
            if (maskedLm && !model.hasMaskedLmHead()) {
                continue; // never made: the model makes the same one again when it is first needed
            }
            Path folder = files.resolve("heads").resolve(folderName(head, usedHeadFolders));
            model.saveHead(folder, head);
            ObjectNode entry = heads.addObject().put("name", head).put("folder", relative(absolute, folder));
            if (maskedLm) {
                entry.put("fresh", model.maskedLmHeadIsFresh());
            }
        }
    }

    private static void checkCancelled(CancellationToken cancellation) {
        if (cancellation.isCancelled()) {
            throw new CancellationException("Saving the workspace was cancelled; the previous file is unchanged");
        }
    }

    /**
     * Removes the folders of {@code NAME.files/} the file just written no longer lists (a renamed or deleted
     * embedding's): only after the file is written, so a crash before leaves the previous file's folders whole.
     */
    private static void removeUnlisted(Path files, ObjectNode json) throws IOException {
        for (String kind : KINDS) {
            Path parent = files.resolve(kind);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            // Compared ignoring case: on macOS and Windows "A" on disk is the folder just written for "a".
            Set<String> listed = new HashSet<>();
            json.path(kind).forEach(entry -> listed.add(Path.of(entry.path("folder").asText()).getFileName()
                    .toString().toLowerCase(Locale.ROOT)));
            try (Stream<Path> children = Files.list(parent)) {
                for (Path child : children.toList()) {
                    String name = child.getFileName().toString();
                    if (!name.startsWith(".") && Files.isDirectory(child)
                            && !listed.contains(name.toLowerCase(Locale.ROOT))) {
                        deleteTree(child);
                    }
                }
            }
        }
    }

    /**
     * A folder name unique ignoring case, as macOS and Windows compare names ("A" and "a" are two embeddings but one
     * folder there); heads' names are free text (a training run's), so unsafe characters are replaced.
     */
    private static String folderName(String name, Set<String> used) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "head" + safe;
        }
        String unique = safe;
        for (int i = 2; !used.add(unique.toLowerCase(Locale.ROOT)); i++) {
            unique = safe + "-" + i;
        }
        return unique;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
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
                entries(file, base, json.path("adapters")), json.path("active_adapter").asText(""),
                heads(file, base, json.path("heads")), json.path("active_head").asText(""),
                json.path("version").asInt(1) >= 2);
    }

    private static List<SavedEmbedding> entries(Path file, Path base, JsonNode array) throws FileFormatException {
        List<SavedEmbedding> entries = new ArrayList<>();
        for (JsonNode entry : array) {
            entries.add(new SavedEmbedding(requireText(file, entry, "name"),
                    base.resolve(requireText(file, entry, "folder"))));
        }
        return entries;
    }

    private static List<SavedHead> heads(Path file, Path base, JsonNode array) throws FileFormatException {
        List<SavedHead> heads = new ArrayList<>();
        for (JsonNode entry : array) {
            heads.add(new SavedHead(requireText(file, entry, "name"), base.resolve(requireText(file, entry, "folder")),
                    entry.path("fresh").asBoolean(false)));
        }
        return heads;
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

    /** Paths inside {@code NAME.files/} are stored relative to the file, so the pair can be moved together. */
    private static String relative(Path workspaceFile, Path folder) {
        Path base = workspaceFile.getParent();
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.startsWith(filesFolder(workspaceFile))
                ? base.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
