package org.embeddingstudio.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user's settings — theme, recent workspaces and the window's layout — in {@code settings.json} in the
 * platform's configuration folder ({@code $XDG_CONFIG_HOME/embedding-studio} or {@code ~/.config/embedding-studio}
 * on Linux, the application-data folder on Windows, {@code ~/Library/Application Support} on macOS). A damaged file
 * is reported in the log and replaced by defaults on the next save; it never stops the app from starting.
 */
public final class Settings {
    /** The colour theme: follow the system, or always light or dark. */
    public enum Theme { SYSTEM, LIGHT, DARK }

    static final int RECENT_LIMIT = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Theme theme = Theme.SYSTEM;
    private final List<Path> recent = new ArrayList<>();
    private WindowLayout windowLayout;
    private boolean reopenLastWorkspace = true;
    private Path lastWorkspace;

    /**
     * The tool windows shown when the app last closed and the share of the window each took.
     *
     * @param shownToolWindows ids of the tool windows shown
     * @param shares           by tool window id, its share of the width (left, right) or height (bottom)
     */
    public record WindowLayout(List<String> shownToolWindows, Map<String, Double> shares) {
        public WindowLayout {
            shownToolWindows = List.copyOf(shownToolWindows);
            shares = Map.copyOf(shares);
        }
    }

    private Settings(Path file) {
        this.file = file;
    }

    /** The settings file of this user on this platform. */
    public static Path defaultFile(Map<String, String> environment) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        Path folder;
        if (os.contains("win") && environment.get("APPDATA") != null) {
            folder = Path.of(environment.get("APPDATA"), "Embedding Studio");
        } else if (os.contains("mac")) {
            folder = home.resolve("Library/Application Support/Embedding Studio");
        } else {
            String xdg = environment.get("XDG_CONFIG_HOME");
            folder = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config"))
                    .resolve("embedding-studio");
        }
        return folder.resolve("settings.json");
    }

    /** Reads the settings; a missing or unreadable file gives the defaults. */
    public static Settings load(Path file) {
        Settings settings = new Settings(file);
        if (!Files.isRegularFile(file)) {
            return settings;
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            settings.theme = Theme.valueOf(json.path("theme").asText("SYSTEM").toUpperCase(Locale.ROOT));
            for (JsonNode path : json.path("recent_workspaces")) {
                settings.recent.add(Path.of(path.asText()));
            }
            settings.reopenLastWorkspace = json.path("reopen_last_workspace").asBoolean(true);
            String last = json.path("last_workspace").asText("");
            settings.lastWorkspace = last.isEmpty() ? null : Path.of(last);
            JsonNode layout = json.path("window_layout");
            if (layout.isObject()) {
                List<String> shown = new ArrayList<>();
                layout.path("shown_tool_windows").forEach(id -> shown.add(id.asText()));
                // Files from before each window kept its own size hold one share a side: not read, the windows
                // open at their defaults once.
                Map<String, Double> shares = new LinkedHashMap<>();
                layout.path("shares").properties().forEach(share -> {
                    if (share.getValue().isNumber()) {
                        shares.put(share.getKey(), share.getValue().asDouble());
                    }
                });
                settings.windowLayout = new WindowLayout(shown, shares);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} could not be read ({}); using the default settings", file, e.getMessage());
        }
        return settings;
    }

    public Theme theme() {
        return theme;
    }

    public void setTheme(Theme value) {
        theme = value;
        save();
    }

    /** Recently opened or saved workspaces, newest first, only those that still exist. */
    public List<Path> recentWorkspaces() {
        return recent.stream().filter(Files::isRegularFile).toList();
    }

    /** Puts a workspace at the top of the recent list. */
    public void remember(Path workspace) {
        Path absolute = workspace.toAbsolutePath().normalize();
        recent.remove(absolute);
        recent.add(0, absolute);
        while (recent.size() > RECENT_LIMIT) {
            recent.remove(recent.size() - 1);
        }
        save();
    }

    /** Whether the app starts on the workspace open when it last closed, as IntelliJ reopens the last project. */
    public boolean reopenLastWorkspace() {
        return reopenLastWorkspace;
    }

    public void setReopenLastWorkspace(boolean reopen) {
        reopenLastWorkspace = reopen;
        save();
    }

    /** The workspace open when the app last closed; {@code null} when none was (the demo, or a model not saved). */
    public void setLastWorkspace(Path workspace) {
        lastWorkspace = workspace == null ? null : workspace.toAbsolutePath().normalize();
        save();
    }

    /** What the next start opens instead of the demo: the last workspace, when the setting asks and it still exists. */
    public Optional<Path> workspaceToReopen() {
        return reopenLastWorkspace && lastWorkspace != null && Files.isRegularFile(lastWorkspace)
                ? Optional.of(lastWorkspace) : Optional.empty();
    }

    /** The layout saved when the app last closed, if any. */
    public Optional<WindowLayout> windowLayout() {
        return Optional.ofNullable(windowLayout);
    }

    public void setWindowLayout(WindowLayout layout) {
        windowLayout = layout;
        save();
    }

    private void save() {
        ObjectNode json = JSON.createObjectNode();
        json.put("theme", theme.name().toLowerCase(Locale.ROOT));
        recent.forEach(path -> json.withArray("recent_workspaces").add(path.toString()));
        json.put("reopen_last_workspace", reopenLastWorkspace);
        if (lastWorkspace != null) {
            json.put("last_workspace", lastWorkspace.toString());
        }
        if (windowLayout != null) {
            ObjectNode layout = json.putObject("window_layout");
            windowLayout.shownToolWindows().forEach(id -> layout.withArray("shown_tool_windows").add(id));
            ObjectNode shares = layout.putObject("shares");
            windowLayout.shares().forEach(shares::put);
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            LOG.warn("Could not save the settings to {}: {}", file, e.getMessage());
        }
    }
}
