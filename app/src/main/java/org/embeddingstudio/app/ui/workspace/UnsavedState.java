package org.embeddingstudio.app.ui.workspace;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.undo.JobManager;
import org.embeddingstudio.core.embedding.EmbeddingInfo;

/**
 * The workspace's one dirty flag, which the title, the quit prompt and the tree's "name *" agree with: an undoable
 * edit since the save or open, a change outside the undo history (training of any embedding, adapter or head; a
 * loaded adapter), or an embedding with unsaved training.
 */
final class UnsavedState {
    private final JobManager jobs;
    private final IntegerProperty savedRevision = new SimpleIntegerProperty();
    private final BooleanProperty changedOutsideHistory = new SimpleBooleanProperty();
    private final BooleanBinding dirty;

    UnsavedState(JobManager jobs, ObservableList<EmbeddingInfo> embeddings) {
        this.jobs = jobs;
        dirty = Bindings.createBooleanBinding(() -> jobs.revisionProperty().get() != savedRevision.get()
                        || changedOutsideHistory.get() || embeddings.stream().anyMatch(EmbeddingInfo::unsavedTraining),
                jobs.revisionProperty(), savedRevision, changedOutsideHistory, embeddings);
    }

    BooleanBinding dirty() {
        return dirty;
    }

    void changedOutsideHistory() {
        changedOutsideHistory.set(true);
    }

    /** Saved (or opened) as of the undo history's {@code revision}. */
    void savedAt(int revision) {
        savedRevision.set(revision);
        changedOutsideHistory.set(false);
    }

    void opened() {
        savedAt(jobs.revisionProperty().get());
    }
}
