package org.embeddingstudio.app.ui.action;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Find Action (Ctrl+Shift+A), as in IntelliJ: every action by name, with its shortcut, filtered as you type. */
public final class FindActionViewModel {
    /** One row: the action, what it shows, and whether it can run now. */
    public record Entry(ActionId id, String text, String description, String shortcut, boolean enabled) {
        @Override
        public String toString() {
            return text.replace("…", "") + (shortcut.isEmpty() ? "" : "    " + shortcut)
                    + (enabled ? "" : "    (not available now)");
        }
    }

    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<Entry> matches = FXCollections.observableArrayList();
    private final Predicate<ActionId> enabled;
    private final Consumer<ActionId> perform;

    public FindActionViewModel(Predicate<ActionId> enabled, Consumer<ActionId> perform) {
        this.enabled = enabled;
        this.perform = perform;
        query.addListener((o, a, b) -> filter());
        filter();
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** Actions whose name or description contains every word typed, enabled ones first. */
    public ObservableList<Entry> matches() {
        return matches;
    }

    /** Runs the chosen action if it can run now; returns whether it ran. */
    public boolean choose(Entry entry) {
        if (entry == null || !enabled.test(entry.id()) || entry.id() == ActionId.FIND_ACTION) {
            return false;
        }
        perform.accept(entry.id());
        return true;
    }

    private void filter() {
        String[] words = query.get().toLowerCase(Locale.ROOT).trim().split("\\s+");
        matches.setAll(Arrays.stream(ActionId.values())
                .filter(id -> id != ActionId.FIND_ACTION)
                .filter(id -> Arrays.stream(words).allMatch(w -> (id.text() + " " + id.description())
                        .toLowerCase(Locale.ROOT).contains(w)))
                .map(id -> new Entry(id, id.text(), id.description(), id.shortcutText(), enabled.test(id)))
                .sorted((a, b) -> Boolean.compare(b.enabled(), a.enabled()))
                .toList());
    }
}
