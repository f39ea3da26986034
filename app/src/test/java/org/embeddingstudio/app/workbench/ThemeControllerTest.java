package org.embeddingstudio.app.workbench;

import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.workspace.ScriptedDialogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThemeControllerTest {
    @TempDir
    Path temp;

    @Test
    void theSettingsDialogOffersTheThemeInEffectSelected() {
        Settings settings = Settings.load(temp.resolve("settings.json"));
        settings.setTheme(Settings.Theme.DARK);
        ScriptedDialogs dialogs = new ScriptedDialogs().answerChooseOne(Optional.empty());
        ActionFactory actions = new ActionFactory();
        new ThemeController(settings, false).register(actions, dialogs);

        actions.perform(ActionId.SETTINGS);

        assertEquals(List.of("Dark"), dialogs.offered(), "not 'Follow the system' while dark is in effect");
        dialogs.assertAsScripted();
    }
}
