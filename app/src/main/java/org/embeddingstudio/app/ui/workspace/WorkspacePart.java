package org.embeddingstudio.app.ui.workspace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * State kept with a workspace that another view model owns (the training runs): saved into {@code NAME.files/} with
 * every workspace save, before the {@code .esw} is written, and read back when a workspace opens.
 */
public interface WorkspacePart {
    /** Writes what {@link #prepareSave} took; runs on the save's background thread. */
    interface Writer {
        void write() throws IOException;
    }

    /** A save of {@code file} begins (UI thread): take what is to be saved, return what writes it. */
    Writer prepareSave(Path file);

    /** A workspace opened (UI thread); {@code file} is null when a model was opened without one. */
    void opened(Path file);
}
