package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A save that could not be carried out, with the reason in words a user can act on (read-only folder, full disk,
 * path too long). The message names the folder and says that what was saved there before is unchanged.
 */
public class SaveFailedException extends IOException {
    private final transient Path folder;

    public SaveFailedException(Path folder, String problem, Throwable cause) {
        super(folder + ": could not save here: " + problem + "; the files saved here before are unchanged", cause);
        this.folder = folder;
    }

    /** The folder that was being saved into. */
    public Path folder() {
        return folder;
    }

    /** Explains {@code e}, thrown while saving into {@code folder}; errors already explained pass unchanged. */
    public static IOException explain(Path folder, IOException e) {
        if (e instanceof SaveFailedException || e instanceof FileFormatException) {
            return e;
        }
        String reason = e instanceof FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getReason() : String.valueOf(e.getMessage());
        String problem;
        if (e instanceof AccessDeniedException || reason.contains("Operation not permitted")
                || reason.contains("Read-only file system") || reason.contains("Permission denied")) {
            problem = "the folder is read-only or you may not write to it";
        } else if (reason.contains("No space left") || reason.contains("Disk quota exceeded")) {
            problem = "the disk is full";
        } else if (reason.contains("File name too long")) {
            problem = "the path is too long for the file system";
        } else {
            problem = reason;
        }
        return new SaveFailedException(folder, problem, e);
    }
}
