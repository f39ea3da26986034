package org.embeddingstudio.app.ui.workspace;

/** Tells the user something: errors stay until dismissed, with the details on demand. */
public interface Notifier {
    /**
     * @param title what failed, e.g. "Could not load embeddings"
     * @param error why; its message names the file and the problem
     */
    void error(String title, Throwable error);

    void info(String message);
}
