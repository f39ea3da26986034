package org.embeddingstudio.app.ui.workspace;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for workspace files: each is opened or refused with a {@link FileFormatException} naming it, and
 * nothing else (the folders it lists may be anything, they are only resolved here, not read).
 */
class WorkspaceFileFuzzTest {
    private static final Path FILE = scratchFile();

    @FuzzTest
    void workspaceFile(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            WorkspaceFile.Contents contents = WorkspaceFile.read(FILE);
            if (contents.model() == null || contents.embeddings().contains(null)
                    || contents.adapters().contains(null)) {
                throw new AssertionError("a workspace read with holes: " + contents);
            }
        } catch (FileFormatException e) {
            if (!FILE.equals(e.file()) || !e.getMessage().startsWith(FILE.toString())) {
                throw new AssertionError("a refusal that does not name the workspace file: " + e.getMessage(), e);
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RuntimeException || cause instanceof Error) {
                    throw new AssertionError("a refusal that only wraps a crash: " + e.getMessage(), e);
                }
            }
        }
    }

    private static Path scratchFile() {
        try {
            Path folder = Files.createTempDirectory("es-workspace-fuzz-");
            folder.toFile().deleteOnExit();
            Path file = folder.resolve("study.esw");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
