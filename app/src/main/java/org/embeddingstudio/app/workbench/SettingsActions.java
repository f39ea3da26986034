package org.embeddingstudio.app.workbench;

import javafx.stage.Window;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.shell.SettingsDialog;
import org.embeddingstudio.app.ui.shell.SettingsViewModel;

import java.util.function.Supplier;

/** File › Settings…: the theme and whether the last workspace reopens on start. */
public final class SettingsActions {
    private final Settings settings;
    private final ThemeController theme;
    private final Supplier<Window> owner;

    public SettingsActions(Settings settings, ThemeController theme, Supplier<Window> owner) {
        this.settings = settings;
        this.theme = theme;
        this.owner = owner;
    }

    public void register(ActionFactory actions) {
        actions.register(ActionId.SETTINGS, () -> new SettingsDialog(owner.get(),
                new SettingsViewModel(settings, theme::choose)).showAndWait(), null);
    }
}
