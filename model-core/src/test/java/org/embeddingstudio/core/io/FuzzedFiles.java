package org.embeddingstudio.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What every fuzz target of a file reader checks: the reader either accepts the bytes or refuses them with a
 * {@link FileFormatException} that names the file. Anything else that escapes (a NullPointerException, an
 * IndexOutOfBoundsException, an OutOfMemoryError) is thrown on, which Jazzer reports as a finding. So is a format
 * error that only wraps such a runtime exception: the catch-all in a reader kept the crash from the user, but a check
 * is missing and the message is not one a user can act on.
 */
public final class FuzzedFiles {
    /**
     * Scratch space for the fuzzed files; on tmpfs when the machine has one, since a target writes a file per
     * input.
     */
    private static final Path SCRATCH = createScratch();

    private FuzzedFiles() {
    }

    /** Something a reader does with a file. */
    public interface Reading {
        void read() throws IOException;
    }

    /** A fresh, empty folder for one input. */
    public static Path folder(String name) {
        Path folder = SCRATCH.resolve(name);
        try {
            if (Files.exists(folder)) {
                deleteTree(folder);
            }
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} as {@code name} in a fresh folder of its own and returns the file. */
    public static Path write(String name, byte[] bytes) {
        Path file = folder(name + ".d").resolve(name);
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code reading}; returns true when it accepted the input, false when it refused it properly, and throws
     * when it failed in any other way.
     */
    public static boolean readOrRefused(Path blamed, Reading reading) {
        try {
            reading.read();
            return true;
        } catch (FileFormatException e) {
            checkRefusal(blamed, e);
            return false;
        } catch (IOException e) {
            throw new AssertionError("a reader failed with " + e + " instead of a FileFormatException", e);
        }
    }

    /** Throws unless {@code e} names a file under {@code blamed} and hides no programming error. */
    public static void checkRefusal(Path blamed, FileFormatException e) {
        if (e.file() == null || !e.file().toAbsolutePath().startsWith(blamed.toAbsolutePath())
                || !e.getMessage().startsWith(e.file().toString())) {
            throw new AssertionError("a refusal that does not name the file " + blamed + ": " + e.getMessage(), e);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (isProgrammingError(cause)) {
                throw new AssertionError("a refusal that only wraps a crash: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isProgrammingError(Throwable t) {
        return t instanceof NullPointerException || t instanceof IndexOutOfBoundsException
                || t instanceof ClassCastException || t instanceof ArithmeticException
                || t instanceof NegativeArraySizeException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException || t instanceof BufferUnderflowException
                || t instanceof BufferOverflowException || t instanceof InvalidPathException
                || t instanceof Error;
    }

    private static Path createScratch() {
        try {
            Path shm = Path.of("/dev/shm");
            Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Path scratch = Files.createTempDirectory(parent, "es-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(scratch)));
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
