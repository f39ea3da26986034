package org.embeddingstudio.app.ui.workspace;

import java.time.LocalTime;

/** One line of the Event Log. */
public record LogEntry(LocalTime time, Kind kind, String text) {
    public enum Kind { INFO, WARNING, ERROR }
}
