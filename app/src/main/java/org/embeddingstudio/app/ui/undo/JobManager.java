package org.embeddingstudio.app.ui.undo;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The undo and redo history. {@link #revisionProperty()} changes with every execute, undo and redo, so "unsaved
 * changes" is a comparison with the revision at the last save.
 */
public final class JobManager {
    static final int LIMIT = 100;

    private final ObservableList<Job> undo = FXCollections.observableArrayList();
    private final ObservableList<Job> redo = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final BooleanBinding canUndo = Bindings.isNotEmpty(undo);
    private final BooleanBinding canRedo = Bindings.isNotEmpty(redo);
    private final StringBinding undoText = Bindings.createStringBinding(() -> undo.isEmpty() ? "Undo"
            : "Undo " + undo.get(undo.size() - 1).description(), undo);
    private final StringBinding redoText = Bindings.createStringBinding(() -> redo.isEmpty() ? "Redo"
            : "Redo " + redo.get(redo.size() - 1).description(), redo);

    /** Executes a job and records it; redo history is dropped, as in every editor. */
    public void execute(Job job) {
        job.execute();
        record(job);
    }

    /** Records a job whose work already happened (e.g. finished in the background). */
    public void record(Job job) {
        undo.add(job);
        redo.forEach(Job::discard);
        redo.clear();
        if (undo.size() > LIMIT) {
            undo.remove(0).discard();
        }
        revision.set(revision.get() + 1);
    }

    public void undo() {
        if (!undo.isEmpty()) {
            Job job = undo.get(undo.size() - 1);
            job.undo(); // if it throws, the history stays as it was
            undo.remove(undo.size() - 1);
            redo.add(job);
            revision.set(revision.get() + 1);
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            Job job = redo.get(redo.size() - 1);
            job.redo();
            redo.remove(redo.size() - 1);
            undo.add(job);
            revision.set(revision.get() + 1);
        }
    }

    /** Forgets everything (a new model was opened). */
    public void clear() {
        undo.forEach(Job::discard);
        redo.forEach(Job::discard);
        undo.clear();
        redo.clear();
        revision.set(revision.get() + 1);
    }

    public BooleanBinding canUndoBinding() {
        return canUndo;
    }

    public BooleanBinding canRedoBinding() {
        return canRedo;
    }

    public StringBinding undoTextBinding() {
        return undoText;
    }

    public StringBinding redoTextBinding() {
        return redoText;
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
