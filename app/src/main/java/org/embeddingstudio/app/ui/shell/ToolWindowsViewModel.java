package org.embeddingstudio.app.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Which tool windows are shown. Alt+number toggles one; the layout binds each pane to its property. */
public final class ToolWindowsViewModel {
    private final Map<String, BooleanProperty> shown = new LinkedHashMap<>();

    public void register(String id, boolean initiallyShown) {
        shown.put(id, new SimpleBooleanProperty(initiallyShown));
    }

    public BooleanProperty shownProperty(String id) {
        BooleanProperty property = shown.get(id);
        if (property == null) {
            throw new IllegalArgumentException("no tool window " + id);
        }
        return property;
    }

    public void toggle(String id) {
        BooleanProperty property = shownProperty(id);
        property.set(!property.get());
    }

    public Set<String> ids() {
        return shown.keySet();
    }
}
