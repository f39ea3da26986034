package org.embeddingstudio.app.workbench;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.embeddingstudio.app.ui.shell.MainWindow;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

/** The editor area: a welcome tab, then a tab per analysis the user opens. */
public final class EditorTabs {
    private final TabPane pane;

    public EditorTabs(WorkspaceViewModel workspace) {
        pane = new TabPane(MainWindow.welcomeTab(Bindings.createStringBinding(() ->
                        "Active embedding: " + workspace.activeEmbeddingProperty().get()
                                + "\n\nAdd an embedding for a new tokenizer (Ctrl+N), "
                                + "switch the active one with its toggle, "
                                + "save it for Python's adapters (Ctrl+Shift+E), "
                                + "save the whole workspace (Ctrl+S). Every action: Ctrl+Shift+A.",
                workspace.activeEmbeddingProperty())));
    }

    /**
     * Opens a tab with the view, selects it and starts the view's work: a fresh tab with figures beats an empty one.
     */
    public void open(String title, Node view, Runnable start) {
        Tab tab = new Tab(title, view);
        pane.getTabs().add(tab);
        pane.getSelectionModel().select(tab);
        start.run();
    }

    /** As {@link #open(String, Node, Runnable)}, titled by what the view shows; returns the tab. */
    public Tab open(ObservableValue<String> title, Node view, Runnable start) {
        Tab tab = new Tab(title.getValue(), view);
        tab.textProperty().bind(title);
        pane.getTabs().add(tab);
        pane.getSelectionModel().select(tab);
        start.run();
        return tab;
    }

    /** Whether {@code tab} is still open (the user may have closed it). */
    public boolean isOpen(Tab tab) {
        return pane.getTabs().contains(tab);
    }

    public void select(Tab tab) {
        pane.getSelectionModel().select(tab);
    }

    public TabPane pane() {
        return pane;
    }
}
