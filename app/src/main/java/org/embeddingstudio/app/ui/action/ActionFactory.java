package org.embeddingstudio.app.ui.action;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Builds menu items and toolbar buttons for actions, with handlers and enablement given once per action. */
public final class ActionFactory {
    private final Map<ActionId, Runnable> handlers = new EnumMap<>(ActionId.class);
    private final Map<ActionId, ObservableBooleanValue> enabled = new EnumMap<>(ActionId.class);
    private final Map<ActionId, ObservableStringValue> names = new EnumMap<>(ActionId.class);

    public void register(ActionId id, Runnable handler, ObservableBooleanValue enabledWhen) {
        handlers.put(id, handler);
        if (enabledWhen != null) {
            enabled.put(id, enabledWhen);
        }
    }

    public void perform(ActionId id) {
        Runnable handler = handlers.get(id);
        if (handler != null && isEnabled(id)) {
            handler.run();
        }
    }

    public boolean isEnabled(ActionId id) {
        ObservableBooleanValue condition = enabled.get(id);
        return handlers.containsKey(id) && (condition == null || condition.get());
    }

    /** Names the action's menu item by {@code name} as it changes ("Undo Delete embedding 'si'"). */
    public void nameBy(ActionId id, ObservableStringValue name) {
        names.put(id, name);
    }

    public MenuItem menuItem(ActionId id) {
        MenuItem item = new MenuItem(id.text(), new FontIcon(id.icon()));
        ObservableStringValue name = names.get(id);
        if (name != null) {
            item.textProperty().bind(name);
        }
        item.setId("menu-" + id.name().toLowerCase(Locale.ROOT));
        item.setAccelerator(id.shortcut());
        item.setOnAction(e -> perform(id));
        ObservableBooleanValue condition = enabled.get(id);
        if (condition != null) {
            item.disableProperty().bind(Bindings.not(condition));
        }
        return item;
    }

    public Button toolbarButton(ActionId id) {
        Button button = new Button(null, new FontIcon(id.icon()));
        button.setId("toolbar-" + id.name().toLowerCase(Locale.ROOT));
        button.getStyleClass().addAll("flat", "button-icon");
        button.setTooltip(new Tooltip(id.text().replace("…", "") + (id.shortcut() == null ? ""
                : " (" + id.shortcut().getDisplayText() + ")")));
        button.setOnAction(e -> perform(id));
        ObservableBooleanValue condition = enabled.get(id);
        if (condition != null) {
            button.disableProperty().bind(Bindings.not(condition));
        }
        return button;
    }
}
