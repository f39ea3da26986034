package org.embeddingstudio.app.ui.eventlog;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import org.embeddingstudio.app.ui.fx.NextFrameUpdate;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Event Log tool window: what the core reported and every error, newest at the bottom. */
public final class EventLogView extends ListView<LogEntry> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public EventLogView(ObservableList<LogEntry> entries) {
        super(entries);
        setId("event-log");
        setCellFactory(list -> new ListCell<>() {
            private final FontIcon icon = new FontIcon();

            {
                // A long line (a failure naming a file) wraps within the window instead of ending in "...".
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(LogEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                if (empty || entry == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                setText(TIME.format(entry.time()) + "  " + entry.text());
                setTooltip(new Tooltip(getText()));
                icon.setIconCode(switch (entry.kind()) {
                    case INFO -> Material2AL.INFO;
                    case WARNING -> Material2MZ.WARNING;
                    case ERROR -> Material2AL.ERROR;
                });
                icon.getStyleClass().removeIf(style -> style.startsWith("log-"));
                icon.getStyleClass().add("log-" + entry.kind().name().toLowerCase(Locale.ROOT));
                setGraphic(icon);
            }
        });
        // scrollTo lays the list out at once; a frame later it costs the frame that shows the new entries nothing.
        NextFrameUpdate scrollToNewest = new NextFrameUpdate(() -> {
            if (!entries.isEmpty()) {
                scrollTo(entries.size() - 1);
            }
        });
        entries.addListener((ListChangeListener<LogEntry>) change -> scrollToNewest.request());
    }
}
