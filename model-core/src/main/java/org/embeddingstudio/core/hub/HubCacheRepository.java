package org.embeddingstudio.core.hub;

import org.embeddingstudio.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One repository's folder in the Hugging Face cache, laid out exactly as {@code huggingface_hub} does:
 * <pre>
 * models--owner--name/
 *   blobs/ETAG                 file contents, named by the ETag the Hub reports (sha256 for LFS, git sha1 otherwise)
 *   blobs/ETAG.incomplete      a transfer in progress; resumed by the next download
 *   refs/REVISION              the commit a branch or tag pointed at when last asked
 *   snapshots/COMMIT/FILE      relative symlink ../../blobs/ETAG
 * </pre>
 * and {@code .locks/models--owner--name/ETAG.lock} beside it, so two downloads of one blob do not interleave.
 */
final class HubCacheRepository {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    /** Work done while holding a blob's lock. */
    @FunctionalInterface
    interface LockedWork<T> {
        T run() throws IOException;
    }

    private final Path cacheRoot;
    private final HubRepoId repo;
    private final Path folder;

    HubCacheRepository(Path cacheRoot, HubRepoId repo) {
        this.cacheRoot = cacheRoot;
        this.repo = repo;
        this.folder = cacheRoot.resolve(repo.cacheFolderName());
    }

    Path folder() {
        return folder;
    }

    Path snapshot(String commit) {
        return folder.resolve("snapshots").resolve(commit);
    }

    Path pointer(String commit, String file) {
        return snapshot(commit).resolve(file);
    }

    Path blob(String etag) {
        return folder.resolve("blobs").resolve(etag);
    }

    Path incomplete(String etag) {
        return folder.resolve("blobs").resolve(etag + ".incomplete");
    }

    /** The commit the cache knows for the revision: the revision itself when it is a cached commit, else its ref. */
    Optional<String> commitFor(String revision) throws IOException {
        if (HubRepoId.isCommit(revision) && Files.isDirectory(snapshot(revision))) {
            return Optional.of(revision);
        }
        Path ref = folder.resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return commit.isEmpty() || commit.contains("/") || commit.contains("\\") ? Optional.empty()
                : Optional.of(commit);
    }

    /** Records which commit a branch or tag points at; nothing for a commit, nor when the ref already says so. */
    void writeRef(String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = folder.resolve("refs").resolve(revision);
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
            return;
        }
        AtomicFiles.writeString(ref, commit);
    }

    /**
     * Makes {@code snapshots/COMMIT/FILE} a relative symlink to the blob, replacing what was there in one step. Where
     * symlinks cannot be made (Windows without developer mode), the blob is copied, as huggingface_hub does then.
     */
    void link(String commit, String file, String etag) throws IOException {
        Path pointer = pointer(commit, file);
        Path blob = blob(etag);
        Files.createDirectories(pointer.getParent());
        Path temporary = pointer.resolveSibling("." + pointer.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.createSymbolicLink(temporary, pointer.getParent().relativize(blob));
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(blob, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, pointer, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a verified transfer to its blob name in one step, so a blob is always complete. */
    void completeBlob(String etag) throws IOException {
        try {
            Files.move(incomplete(etag), blob(etag), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(incomplete(etag), blob(etag), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every file of a cached snapshot (symlinks followed), by its path in the repository. */
    List<HubFile> snapshotFiles(String commit) throws IOException {
        Path snapshot = snapshot(commit);
        if (!Files.isDirectory(snapshot)) {
            return List.of();
        }
        List<HubFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(snapshot)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = snapshot.relativize(path).toString().replace('\\', '/');
                if (!path.getFileName().toString().startsWith(".")) {
                    files.add(new HubFile(name, Files.size(path)));
                }
            }
        }
        return files;
    }

    /**
     * Runs {@code work} holding the blob's lock: a lock within this process (threads) and a file lock against other
     * processes (another embedding-studio, the app beside the CLI).
     */
    <T> T withBlobLock(String etag, LockedWork<T> work) throws IOException {
        Path lockFile = cacheRoot.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock");
        Files.createDirectories(lockFile.getParent());
        ReentrantLock lock = IN_PROCESS_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
