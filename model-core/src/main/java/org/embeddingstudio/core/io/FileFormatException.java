package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be used as what it claims to be. The message always names the file and says what is wrong
 * with it, so it can be shown to a user as it is.
 */
public class FileFormatException extends IOException {
    private final transient Path file;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that was rejected. */
    public Path file() {
        return file;
    }
}
