package org.embeddingstudio.app.ui.embeddings;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;

/**
 * What the Add Embeddings dialog says when OK's add failed: one sentence naming the file and what is wrong. The
 * core's own exceptions already read so; the JDK's file exceptions carry only the path, so they are put in words.
 */
final class AddEmbeddingsFailure {
    private AddEmbeddingsFailure() {
    }

    static String describe(String name, Throwable error) {
        if (error instanceof CancellationException) {
            return "Cancelled: the embedding '" + name + "' was not added.";
        }
        Throwable cause = error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
        String reason = switch (cause) {
            case NoSuchFileException missing -> missing.getFile() + " does not exist";
            case AccessDeniedException denied -> denied.getFile() + " cannot be read: permission denied";
            case FileSystemException other when other.getReason() != null -> other.getFile() + ": "
                    + other.getReason();
            default -> cause.getMessage() == null ? cause.toString() : cause.getMessage().strip();
        };
        return "Could not add embedding '" + name + "': " + reason + (reason.endsWith(".") ? "" : ".");
    }
}
