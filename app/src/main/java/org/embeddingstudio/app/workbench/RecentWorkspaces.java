package org.embeddingstudio.app.workbench;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

import java.nio.file.Path;
import java.util.function.Consumer;

/** File › Recent Workspaces: every workspace file opened or saved is remembered in the settings and listed here. */
public final class RecentWorkspaces {
    private final Menu menu = new Menu("Recent Workspaces");

    public RecentWorkspaces(Settings settings, WorkspaceViewModel workspace, Consumer<Path> open) {
        workspace.workspaceFileProperty().addListener((o, a, file) -> {
            if (file != null) {
                settings.remember(file);
            }
        });
        // Listed afresh each time the menu opens: the settings file is the one record of what was opened.
        menu.setOnShowing(e -> menu.getItems().setAll(settings.recentWorkspaces().stream().map(file -> {
            MenuItem item = new MenuItem(file.getFileName() + "  —  " + file.getParent());
            item.setOnAction(event -> open.accept(file));
            return item;
        }).toList()));
        menu.getItems().add(new MenuItem("(none yet)"));
    }

    public Menu menu() {
        return menu;
    }
}
