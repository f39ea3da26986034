package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader only ever sees the old complete file or the new complete file: the content goes to a
 * temporary file in the same folder, is flushed to disk, and is then moved over the target in one step.
 */
public final class AtomicFiles {
    /** Writes the content of a file given its (temporary) path. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(Path temporaryFile) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically; on any failure the previous file (if any) is left untouched. */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        removeLeftovers(absolute);
        Path temporary = newTemporary(folder, "." + absolute.getFileName() + ".");
        try {
            writer.writeTo(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new empty file {@code prefix + digits + ".tmp"} in {@code folder}, made as any file is made: with the
     * permissions the user's umask gives. {@code Files.createTempFile} makes it owner-only (0600), and the move
     * would carry that over to every file we save.
     */
    private static Path newTemporary(Path folder, String prefix) throws IOException {
        while (true) {
            Path candidate = folder.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // another write's name: draw again
            }
        }
    }

    /**
     * Deletes the temporary files that writes of {@code target} left when their process was killed (a
     * {@code finally} does not run under SIGKILL). Called before every write, and by readers of files written here,
     * so no killed save leaves anything behind for long. Best effort: a leftover that cannot be deleted stays.
     */
    public static void removeLeftovers(Path target) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        String prefix = "." + absolute.getFileName() + ".";
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        try (var siblings = Files.newDirectoryStream(folder, entry -> {
            String name = entry.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path leftover : siblings) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            // A read-only folder keeps its leftovers; the write that follows reports the folder's problem.
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }
}
