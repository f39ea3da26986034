package org.embeddingstudio.app.ui.undo;

/** An undoable edit, as Scene Builder's jobs: done once, then undone and redone any number of times. */
public interface Job {
    void execute();

    void undo();

    void redo();

    /** "Delete embedding 'si'": what Edit › Undo says. */
    String description();

    /** Called when the job leaves the history for good: frees what only undo needed. */
    default void discard() {
    }
}
