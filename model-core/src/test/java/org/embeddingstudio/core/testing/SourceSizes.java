package org.embeddingstudio.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The house limit on a class's size: a class past it holds more than one job (STYLE: one class, one job). */
public final class SourceSizes {
    public static final int MAX_LINES = 400;

    private SourceSizes() {
    }

    /** Fails naming every .java file under {@code sources} longer than {@link #MAX_LINES} lines. */
    public static void assertNoClassIsLonger(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > MAX_LINES)
                    .map(file -> sources.relativize(file) + " (" + lines(file) + " lines)").sorted().toList();
            assertEquals(List.of(), tooLong, "classes over " + MAX_LINES + " lines: split them by job");
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
