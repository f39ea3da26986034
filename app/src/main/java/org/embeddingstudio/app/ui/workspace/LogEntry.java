package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.embedding.EmbeddingEvent;

import java.time.LocalTime;
import java.util.Locale;

/** One line of the Event Log. */
public record LogEntry(LocalTime time, Kind kind, String text) {
    public enum Kind { INFO, WARNING, ERROR }

    /** How the Event Log tells what happened to an embedding, now. */
    static LogEntry of(EmbeddingEvent event) {
        return switch (event) {
            case EmbeddingEvent.Added added -> info((added.loaded() ? "Loaded" : "Created") + " embedding '"
                    + added.name() + "' (" + count(added.rows()) + " × " + added.dimension() + ")");
            case EmbeddingEvent.Activated activated -> info("Active embedding: '" + activated.name() + "'");
            case EmbeddingEvent.Deleted deleted -> new LogEntry(LocalTime.now(), deleted.activeWasDeleted()
                    ? Kind.WARNING : Kind.INFO, "Deleted embedding '" + deleted.name() + "'"
                    + (deleted.activeWasDeleted() ? "; it was active, so '" + deleted.nowActive()
                    + "' is active again" : ""));
            case EmbeddingEvent.Renamed renamed -> info("Renamed '" + renamed.previousName() + "' to '"
                    + renamed.name() + "'");
            case EmbeddingEvent.Trained trained -> info("Training changed " + count(trained.rowsChanged())
                    + " rows of '" + trained.name() + "'");
            case EmbeddingEvent.Saved saved -> info("Saved '" + saved.name() + "' to " + saved.folder());
            case EmbeddingEvent.Warned warned -> new LogEntry(LocalTime.now(), Kind.WARNING, "'" + warned.name()
                    + "': " + warned.message());
        };
    }

    /** A count as the tree and the dialogs show it: 2,500. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static LogEntry info(String text) {
        return new LogEntry(LocalTime.now(), Kind.INFO, text);
    }
}
