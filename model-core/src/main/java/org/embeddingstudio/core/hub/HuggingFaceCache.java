package org.embeddingstudio.core.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models Python's {@code huggingface_hub} has already downloaded: {@code HF_HUB_CACHE}, else
 * {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}, laid out as {@code models--owner--name/} with
 * {@code refs/main} naming the commit whose {@code snapshots/COMMIT/} folder holds the files.
 */
public final class HuggingFaceCache {
    /** A cached model: its id, the revision found, and the snapshot folder a model loader opens. */
    public record CachedModel(String id, String revision, Path folder) {
    }

    private final Path root;

    public HuggingFaceCache(Path root) {
        this.root = root;
    }

    /** The cache the environment names, as {@code huggingface_hub} resolves it. */
    public static HuggingFaceCache fromEnvironment(Map<String, String> environment) {
        String hubCache = environment.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return new HuggingFaceCache(Path.of(hubCache));
        }
        String home = environment.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return new HuggingFaceCache(Path.of(home, "hub"));
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return new HuggingFaceCache(cache.resolve("huggingface").resolve("hub"));
    }

    public Path root() {
        return root;
    }

    /** Every cached model whose snapshot has a {@code config.json}, sorted by id; none when there is no cache. */
    public List<CachedModel> models() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<CachedModel> models = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path repository : entries.filter(p -> p.getFileName().toString().startsWith("models--")).toList()) {
                snapshot(repository).ifPresent(models::add);
            }
        }
        models.sort(Comparator.comparing(CachedModel::id));
        return models;
    }

    private static Optional<CachedModel> snapshot(Path repository) throws IOException {
        String id = repository.getFileName().toString().substring("models--".length()).replace("--", "/");
        Path snapshots = repository.resolve("snapshots");
        Path main = repository.resolve("refs").resolve("main");
        if (Files.isRegularFile(main)) {
            String commit = Files.readString(main, StandardCharsets.UTF_8).strip();
            Path folder = snapshots.resolve(commit);
            if (!commit.contains("/") && Files.isRegularFile(folder.resolve("config.json"))) {
                return Optional.of(new CachedModel(id, commit, folder));
            }
        }
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        // No usable refs/main (a pinned revision was downloaded): take the newest snapshot with a config.
        try (Stream<Path> folders = Files.list(snapshots)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("config.json")))
                    .max(Comparator.comparing(HuggingFaceCache::modified))
                    .map(f -> new CachedModel(id, f.getFileName().toString(), f));
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
