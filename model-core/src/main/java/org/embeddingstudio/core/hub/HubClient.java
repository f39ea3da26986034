package org.embeddingstudio.core.hub;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches models and tokenizers from the Hugging Face Hub (or the mirror {@code HF_ENDPOINT} names) into the cache
 * Python's {@code huggingface_hub} uses, so that {@code transformers} finds what was fetched here and the reverse.
 * Every file is checked against the size and hash the Hub reports before it enters the cache; an interrupted transfer
 * is resumed; a revision a snapshot was completed for is recorded in {@code refs/}. When the Hub cannot be reached
 * (or {@code HF_HUB_OFFLINE} is set) a complete cached snapshot is used instead.
 */
public final class HubClient {
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private final HubSettings settings;
    private final HubProtocol protocol;

    public HubClient(HubSettings settings) {
        this(settings, HubProtocol.defaultHttpClient(), RETRY_PAUSE_MILLIS);
    }

    HubClient(HubSettings settings, HttpClient http, long retryPauseMillis) {
        this.settings = settings;
        this.protocol = new HubProtocol(settings, http, retryPauseMillis);
    }

    public HubSettings settings() {
        return settings;
    }

    /** Fetches what {@code content} needs from the repository (or finds it cached) and returns its snapshot. */
    public HubSnapshot download(HubRepoId repo, HubContent content, HubDownloadListener listener,
                                CancellationToken cancel) throws IOException {
        HubPlan plan = plan(repo, content, cancel);
        listener.planned(plan);
        return download(plan, listener, cancel);
    }

    /**
     * The files {@code content} needs from the repository, with their sizes. Asks the Hub (fetching a small weights
     * index when the weights are sharded, to learn the shards); offline or unreachable, answers from the cache.
     *
     * @throws HubOfflineException when the Hub cannot be asked and the cache lacks the revision
     */
    public HubPlan plan(HubRepoId repo, HubContent content, CancellationToken cancel) throws IOException {
        if (settings.offline()) {
            return planFromCache(repo, content, "offline (HF_HUB_OFFLINE is set)", null);
        }
        HubProtocol.Listing listing;
        try {
            listing = protocol.listing(repo);
        } catch (HubHttp.UnreachableException e) {
            return planFromCache(repo, content, e.getMessage(), e);
        }
        Map<String, HubFile> byName = new LinkedHashMap<>();
        listing.files().forEach(f -> byName.put(f.path(), f));
        List<String> chosen = HubFileSelection.select(repo, content, byName.keySet());
        List<HubFile> files = new ArrayList<>(chosen.stream().map(byName::get).toList());
        Optional<String> index = HubFileSelection.index(chosen);
        if (index.isPresent()) {
            Path indexFile = fetch(repo, listing.commit(), byName.get(index.get()), HubDownloadListener.none(), cancel);
            for (String shard : HubFileSelection.shards(indexFile)) {
                HubFile file = byName.get(shard);
                if (file == null) {
                    throw new HubNotFoundException(repo + ": " + index.get() + " names the shard " + shard
                            + ", which the repository does not have");
                }
                files.add(file);
            }
        }
        return new HubPlan(repo, listing.commit(), files, false);
    }

    /** Fetches the planned files that are not cached yet; then records the revision's commit in {@code refs/}. */
    public HubSnapshot download(HubPlan plan, HubDownloadListener listener, CancellationToken cancel)
            throws IOException {
        HubCacheRepository cache = cache(plan.repo());
        for (HubFile file : plan.files()) {
            if (plan.fromCache()) {
                listener.fileFinished(file, true);
            } else {
                fetch(plan.repo(), plan.commit(), file, listener, cancel);
            }
        }
        // Only a complete snapshot becomes what the revision points at, so that offline use never finds half a model.
        if (!plan.fromCache()) {
            cache.writeRef(plan.repo().revision(), plan.commit());
        }
        return new HubSnapshot(plan.repo(), plan.commit(), cache.snapshot(plan.commit()), plan.files(),
                plan.fromCache());
    }

    /** The ids of the models in the cache (any revision), sorted: what can be opened offline. */
    public List<String> cachedIds() throws IOException {
        Path root = settings.cacheRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("models--"))
                    .filter(p -> hasSnapshot(p.resolve("snapshots")))
                    .map(p -> p.getFileName().toString().substring("models--".length()).replace("--", "/"))
                    .sorted().toList();
        }
    }

    private Path fetch(HubRepoId repo, String commit, HubFile file, HubDownloadListener listener,
                       CancellationToken cancel) throws IOException {
        HubCacheRepository cache = cache(repo);
        Path pointer = cache.pointer(commit, file.path());
        if (Files.exists(pointer)) {
            listener.fileFinished(file, true);
            return pointer;
        }
        if (cancel.isCancelled()) {
            throw new HubDownloadCancelledException(repo + ": download cancelled before " + file.path());
        }
        HubProtocol.FileMetadata metadata = protocol.metadata(repo, commit, file.path());
        long size = metadata.size() >= 0 ? metadata.size() : file.size();
        String etag = metadata.etag();
        return cache.withBlobLock(etag, () -> {
            boolean transferred = false;
            if (!Files.isRegularFile(cache.blob(etag))) {
                Path incomplete = cache.incomplete(etag);
                listener.fileStarted(file, Files.exists(incomplete) ? Files.size(incomplete) : 0);
                protocol.transfer(repo, file.path(), metadata.location(), incomplete, size,
                        done -> listener.fileProgress(file, done), cancel);
                try {
                    ContentDigest.verify(incomplete, etag, size, repo + " " + file.path());
                } catch (HubIntegrityException e) {
                    Files.deleteIfExists(incomplete);
                    throw e;
                }
                cache.completeBlob(etag);
                transferred = true;
            }
            cache.link(commit, file.path(), etag);
            listener.fileFinished(file, !transferred);
            return pointer;
        });
    }

    private HubPlan planFromCache(HubRepoId repo, HubContent content, String reason, Throwable cause)
            throws IOException {
        HubCacheRepository cache = cache(repo);
        Optional<String> commit = cache.commitFor(repo.revision());
        if (commit.isPresent()) {
            Map<String, HubFile> byName = new LinkedHashMap<>();
            cache.snapshotFiles(commit.get()).forEach(f -> byName.put(f.path(), f));
            try {
                List<String> chosen = HubFileSelection.select(repo, content, byName.keySet());
                List<HubFile> files = new ArrayList<>(chosen.stream().map(byName::get).toList());
                Optional<String> index = HubFileSelection.index(chosen);
                if (index.isPresent()) {
                    for (String shard : HubFileSelection.shards(cache.pointer(commit.get(), index.get()))) {
                        if (!byName.containsKey(shard)) {
                            throw new HubNotFoundException(shard + " is missing");
                        }
                        files.add(byName.get(shard));
                    }
                }
                return new HubPlan(repo, commit.get(), files, true);
            } catch (HubNotFoundException | FileFormatException incomplete) {
                // The snapshot lacks something the content needs: as good as not cached.
            }
        }
        List<String> cached = cachedIds();
        throw new HubOfflineException(reason + ", and " + repo + (commit.isPresent()
                ? " is only partly in the cache at " : " is not in the cache at ") + settings.cacheRoot()
                + (cached.isEmpty() ? " (the cache holds no models)"
                : "; the cache holds: " + String.join(", ", cached)), cached, cause);
    }

    private HubCacheRepository cache(HubRepoId repo) {
        return new HubCacheRepository(settings.cacheRoot(), repo);
    }

    private static boolean hasSnapshot(Path snapshots) {
        if (!Files.isDirectory(snapshots)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }
}
