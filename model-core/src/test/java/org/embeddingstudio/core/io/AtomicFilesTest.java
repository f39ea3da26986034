package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What an atomic save leaves: the new content, no temporary file, and the permissions any new file gets. */
class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void aSavedFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.writeString(folder.resolve("plain.txt"), "made as any file is made");
        Path saved = folder.resolve("saved.json");
        AtomicFiles.writeString(saved, "{}");
        AtomicFiles.writeString(saved, "{\"again\": true}");

        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(saved),
                "a colleague reading the shared folder must be able to read what was saved (umask, not 0600)");
        assertEquals("{\"again\": true}", Files.readString(saved));
        try (var files = Files.list(folder)) {
            assertEquals(List.of("plain.txt", "saved.json"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no temporary file is left");
        }
    }
}
