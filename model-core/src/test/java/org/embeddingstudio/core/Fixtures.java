package org.embeddingstudio.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds the shared folder of real third-party tokenizers ({@code /work/shared/fixtures} on the team machine). A
 * user's clone has no such folder, so tests that need it are skipped rather than failed.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixtures folder, or the test is skipped (JUnit assumption) when it is absent. */
    public static Path root() {
        Path found = Stream.of(Path.of("../../shared/fixtures"), Path.of("../shared/fixtures"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElse(null);
        assumeTrue(found != null, "no shared/fixtures folder beside the repository; skipping");
        return found.toAbsolutePath().normalize();
    }

    /** A file or folder inside the fixtures folder; skipped when that entry is missing. */
    public static Path path(String relative) {
        Path path = root().resolve(relative);
        assumeTrue(Files.exists(path), "fixture " + relative + " is missing; skipping");
        return path;
    }
}
