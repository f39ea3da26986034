package org.embeddingstudio.app.ui.fx;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A running job as the status bar shows it: title, progress (-1 while unknown), message, cancel. */
public final class BackgroundTask {
    /** What the status bar says from the moment a job is asked to stop until it has. */
    public static final String CANCELLING = "Cancelling…";

    private final String title;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Runnable cancel;
    private boolean cancelling;

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

    /**
     * Asks the job to stop. Why the message changes at once: a job stops only at its next check (a training step
     * may take seconds), and until then the last progress ("Step 13 / 60") would read as if nothing happened.
     */
    public void cancel() {
        if (!cancelling) {
            cancelling = true;
            message.set(CANCELLING);
        }
        cancel.run();
    }

    /** Whether {@link #cancel()} was asked; the job may still be finishing its current piece of work. */
    public boolean isCancelling() {
        return cancelling;
    }

    void update(double value, String text) {
        progress.set(value);
        if (text != null && !cancelling) {
            message.set(text);
        }
    }
}
