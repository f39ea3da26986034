package org.embeddingstudio.core.embedding;

/** Told how far a long row initialisation (OMP) is; called from the worker thread. */
@FunctionalInterface
public interface InitProgressListener {
    /** Ignores progress. */
    InitProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} rows are computed. */
    void onRows(int done, int total);
}
