package org.embeddingstudio.app.ui.fx;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A running job as the status bar shows it: title, progress (-1 while unknown), message, cancel. */
public final class BackgroundTask {
    private final String title;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Runnable cancel;

    public BackgroundTask(String title, Runnable cancel) {
        this.title = title;
        this.cancel = cancel;
    }

    public String title() {
        return title;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void cancel() {
        cancel.run();
    }

    void update(double value, String text) {
        progress.set(value);
        if (text != null) {
            message.set(text);
        }
    }
}
