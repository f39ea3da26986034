package org.embeddingstudio.app.ui.workspace;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FailureRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalTime;
import java.util.concurrent.CancellationException;

/**
 * The Event Log: everything the core reported and every error, time-stamped, for the Event Log tool window. It is
 * also the route failures take to the user (STYLE §4): a line here, then the {@link Notifier}, which logs it and
 * shows it; the task runner sends the failures no view model handles itself this way too.
 */
public final class EventLog implements FailureRoute {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    // Made once: an unmodifiable wrapper listens weakly, so a new one per call could be collected.
    private final ObservableList<LogEntry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final Notifier notifier;

    public EventLog(Notifier notifier) {
        this.notifier = notifier;
    }

    /** The lines, oldest first. */
    public ObservableList<LogEntry> entries() {
        return entriesView;
    }

    void add(LogEntry entry) {
        entries.add(entry);
    }

    /** Adds a line to the Event Log (no notification). */
    public void record(LogEntry.Kind kind, String text) {
        entries.add(new LogEntry(LocalTime.now(), kind, text));
    }

    @Override
    public void failed(String title, Throwable error) {
        record(LogEntry.Kind.ERROR, title + ": " + error.getMessage());
        notifier.error(title, error);
    }

    /**
     * A failure the user already reads where it happened (a dialog that stayed open to say it): a line here and the
     * stack trace in the application log, but no notification repeating it.
     */
    void noteShownInPlace(String title, Throwable error) {
        if (error instanceof CancellationException) {
            record(LogEntry.Kind.INFO, "Cancelled " + error.getMessage() + "; nothing changed");
            return;
        }
        record(LogEntry.Kind.ERROR, title + ": " + error.getMessage());
        LOG.warn(title, error);
    }

    @Override
    public void cancelled(String what) {
        // The user asked for it: said in the log and the status line, not as an error.
        record(LogEntry.Kind.INFO, "Cancelled " + what + "; nothing changed");
        notifier.info("Cancelled " + what);
    }
}
