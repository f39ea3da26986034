package org.embeddingstudio.app.settings;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    @TempDir
    Path temp;

    @Test
    void themeAndRecentWorkspacesSurviveARestartNewestFirstAndOnlyWhileTheyExist() throws Exception {
        Path file = temp.resolve("config/settings.json");
        Settings settings = Settings.load(file);
        assertEquals(Settings.Theme.SYSTEM, settings.theme());
        Path a = Files.writeString(temp.resolve("a.esw"), "{}");
        Path b = Files.writeString(temp.resolve("b.esw"), "{}");
        settings.remember(a);
        settings.remember(b);
        settings.remember(a);
        settings.setTheme(Settings.Theme.DARK);

        Settings again = Settings.load(file);
        assertEquals(Settings.Theme.DARK, again.theme());
        assertEquals(List.of(a, b), again.recentWorkspaces());
        Files.delete(b);
        assertEquals(List.of(a), again.recentWorkspaces());
    }

    @Test
    void theWindowLayoutSurvivesARestart() {
        Path file = temp.resolve("settings.json");
        assertTrue(Settings.load(file).windowLayout().isEmpty(), "a first start has none");
        Settings.WindowLayout layout = new Settings.WindowLayout(List.of("model", "training"),
                Map.of("model", 0.2, "training", 0.41, "event-log", 0.3));
        Settings.load(file).setWindowLayout(layout);
        assertEquals(layout, Settings.load(file).windowLayout().orElseThrow());
    }

    @Test
    void theNextStartReopensTheLastWorkspaceUnlessTheSettingIsOffOrTheFileIsGone() throws Exception {
        Path file = temp.resolve("settings.json");
        assertTrue(Settings.load(file).workspaceToReopen().isEmpty(), "a first start opens the demo");
        assertTrue(Settings.load(file).reopenLastWorkspace(), "on by default, as in IntelliJ");
        Path workspace = Files.writeString(temp.resolve("w.esw"), "{}");
        Settings.load(file).setLastWorkspace(workspace);
        assertEquals(Optional.of(workspace), Settings.load(file).workspaceToReopen());

        Settings.load(file).setReopenLastWorkspace(false);
        assertTrue(Settings.load(file).workspaceToReopen().isEmpty(), "turned off");
        Settings.load(file).setReopenLastWorkspace(true);
        Files.delete(workspace);
        assertTrue(Settings.load(file).workspaceToReopen().isEmpty(), "moved or deleted: the demo instead");
        Settings.load(file).setLastWorkspace(null);
        assertTrue(Settings.load(file).workspaceToReopen().isEmpty(), "closed on the demo");
    }

    @Test
    void theRecentListKeepsTheNewestTen() throws Exception {
        Settings settings = Settings.load(temp.resolve("settings.json"));
        for (int i = 0; i < 12; i++) {
            settings.remember(Files.writeString(temp.resolve(i + ".esw"), "{}"));
        }
        assertEquals(Settings.RECENT_LIMIT, settings.recentWorkspaces().size());
        assertEquals(temp.resolve("11.esw"), settings.recentWorkspaces().get(0));
    }

    @Test
    void aDamagedFileGivesTheDefaults() throws Exception {
        Path file = Files.writeString(temp.resolve("settings.json"), "{\"theme\": \"purple\"");
        assertEquals(Settings.Theme.SYSTEM, Settings.load(file).theme());
    }

    @Test
    void theFileLivesInTheXdgConfigFolderOnLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        assertEquals(temp.resolve("embedding-studio/settings.json"),
                Settings.defaultFile(Map.of("XDG_CONFIG_HOME", temp.toString())));
    }
}
