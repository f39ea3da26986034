package org.embeddingstudio.app.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.embeddingstudio.app.settings.Settings;

import java.util.List;
import java.util.function.Consumer;

/**
 * The Settings dialog: the choices start as the settings in effect, and {@link #apply} (OK) saves them and applies
 * the theme at once. Cancel changes nothing.
 */
public final class SettingsViewModel {
    /** How each theme is offered, in {@link Settings.Theme} order. */
    private static final List<String> THEME_LABELS = List.of("Follow the system", "Light", "Dark");

    private final Settings settings;
    private final Consumer<Settings.Theme> applyTheme;
    private final ObjectProperty<Settings.Theme> theme;
    private final BooleanProperty reopenLastWorkspace;

    /** @param applyTheme shows the chosen theme (ThemeController) */
    public SettingsViewModel(Settings settings, Consumer<Settings.Theme> applyTheme) {
        this.settings = settings;
        this.applyTheme = applyTheme;
        theme = new SimpleObjectProperty<>(settings.theme());
        reopenLastWorkspace = new SimpleBooleanProperty(settings.reopenLastWorkspace());
    }

    public ObjectProperty<Settings.Theme> themeProperty() {
        return theme;
    }

    public BooleanProperty reopenLastWorkspaceProperty() {
        return reopenLastWorkspace;
    }

    /** The label the dialog shows for a theme. */
    public static String label(Settings.Theme value) {
        return THEME_LABELS.get(value.ordinal());
    }

    /** Saves the choices and applies the theme. */
    public void apply() {
        settings.setReopenLastWorkspace(reopenLastWorkspace.get());
        if (theme.get() != settings.theme()) {
            applyTheme.accept(theme.get());
        }
    }
}
