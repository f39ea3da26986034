package org.embeddingstudio.app.ui.fx;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The jobs running now, newest last: what the status bar and the "busy" state of actions bind to. */
public final class BackgroundTasks {
    // The extractor makes the list report changes of a task's progress and message, so bindings follow them.
    private final ObservableList<BackgroundTask> running = FXCollections.observableArrayList(
            task -> new Observable[]{task.progressProperty(), task.messageProperty()});
    private final ObservableList<BackgroundTask> readOnly = FXCollections.unmodifiableObservableList(running);
    private final BooleanBinding busy = Bindings.isNotEmpty(running);

    public ObservableList<BackgroundTask> running() {
        return readOnly;
    }

    /** True while any job runs: actions that would conflict are disabled. */
    public BooleanBinding busyBinding() {
        return busy;
    }

    void add(BackgroundTask task) {
        running.add(task);
    }

    void remove(BackgroundTask task) {
        running.remove(task);
    }
}
