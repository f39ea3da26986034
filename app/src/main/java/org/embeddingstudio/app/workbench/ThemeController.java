package org.embeddingstudio.app.workbench;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;

/**
 * Light or dark: as the settings say ("follow the system" asks the desktop), unless the system property
 * {@code embeddingstudio.theme} forces one (screenshots, UI tests); the toggle and the Settings dialog change it and
 * remember the choice.
 */
public final class ThemeController {
    private final Settings settings;
    private final boolean systemPrefersDark;
    private boolean dark;

    /** @param systemPrefersDark what the desktop prefers, for the "system" theme (asked off the FX thread) */
    public ThemeController(Settings settings, boolean systemPrefersDark) {
        this.settings = settings;
        this.systemPrefersDark = systemPrefersDark;
    }

    /** Applies the theme the app starts with: before any window is built, so nothing shows in the other one first. */
    public void applyStartTheme() {
        String forced = System.getProperty("embeddingstudio.theme", "");
        apply(forced.isEmpty() ? isDark(settings.theme()) : "dark".equalsIgnoreCase(forced));
    }

    public void register(ActionFactory actions) {
        actions.register(ActionId.TOGGLE_THEME, this::toggle, null);
    }

    private void toggle() {
        settings.setTheme(dark ? Settings.Theme.LIGHT : Settings.Theme.DARK);
        apply(!dark);
    }

    /** Remembers {@code theme} and shows it (the Settings dialog's choice). */
    public void choose(Settings.Theme theme) {
        settings.setTheme(theme);
        apply(isDark(theme));
    }

    private boolean isDark(Settings.Theme theme) {
        return switch (theme) {
            case SYSTEM -> systemPrefersDark;
            case LIGHT -> false;
            case DARK -> true;
        };
    }

    private void apply(boolean toDark) {
        dark = toDark;
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
