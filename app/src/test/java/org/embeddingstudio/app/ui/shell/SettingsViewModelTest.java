package org.embeddingstudio.app.ui.shell;

import org.embeddingstudio.app.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Settings dialog's choices, without a screen. */
class SettingsViewModelTest {
    @TempDir
    Path temp;
    final List<Settings.Theme> applied = new ArrayList<>();

    @Test
    void theChoicesStartAsTheSettingsInEffect() {
        Settings settings = Settings.load(temp.resolve("settings.json"));
        settings.setTheme(Settings.Theme.DARK);
        settings.setReopenLastWorkspace(false);

        SettingsViewModel viewModel = new SettingsViewModel(settings, applied::add);

        assertEquals(Settings.Theme.DARK, viewModel.themeProperty().get(), "not 'Follow the system' while dark is");
        assertFalse(viewModel.reopenLastWorkspaceProperty().get());
        assertEquals("Dark", SettingsViewModel.label(viewModel.themeProperty().get()));
    }

    @Test
    void applyKeepsTheChoicesAndShowsANewTheme() {
        Path file = temp.resolve("settings.json");
        SettingsViewModel viewModel = new SettingsViewModel(Settings.load(file), applied::add);
        viewModel.themeProperty().set(Settings.Theme.LIGHT);
        viewModel.reopenLastWorkspaceProperty().set(false);
        assertEquals(List.of(), applied, "nothing changes before OK");

        viewModel.apply();

        assertEquals(List.of(Settings.Theme.LIGHT), applied);
        assertFalse(Settings.load(file).reopenLastWorkspace());
    }
}
