package org.embeddingstudio.app.ui.shell;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;

import java.util.List;

/**
 * The frame: menu bar, slim toolbar, tool windows around a tabbed editor area, status bar. Alt+1…9 toggles tool
 * windows.
 */
public final class MainWindow extends BorderPane {
    public MainWindow(ActionFactory actions, List<ToolWindow> toolWindows, ToolWindowsViewModel toolWindowsViewModel,
                      TabPane editor, StatusBarView statusBar, Menu recentWorkspaces) {
        setId("main-window");
        MenuBar menuBar = new MenuBar(
                new Menu("File", null, actions.menuItem(ActionId.OPEN_MODEL),
                        actions.menuItem(ActionId.OPEN_FROM_CACHE), actions.menuItem(ActionId.OPEN_FROM_HUB),
                        actions.menuItem(ActionId.NEW_DEMO),
                        new SeparatorMenuItem(), actions.menuItem(ActionId.OPEN_WORKSPACE), recentWorkspaces,
                        actions.menuItem(ActionId.SAVE_WORKSPACE), actions.menuItem(ActionId.SAVE_WORKSPACE_AS),
                        new SeparatorMenuItem(), actions.menuItem(ActionId.EXIT)),
                new Menu("Edit", null, actions.menuItem(ActionId.UNDO), actions.menuItem(ActionId.REDO)),
                new Menu("Embeddings", null, actions.menuItem(ActionId.ADD_EMBEDDINGS),
                        actions.menuItem(ActionId.LOAD_EMBEDDINGS), actions.menuItem(ActionId.SAVE_EMBEDDINGS),
                        actions.menuItem(ActionId.COMPARE_VOCABULARIES),
                        actions.menuItem(ActionId.COMPARE_SEVERAL), actions.menuItem(ActionId.SHOW_PROJECTION),
                        actions.menuItem(ActionId.TRAIN_TOKENIZER),
                        new SeparatorMenuItem(), actions.menuItem(ActionId.SET_ACTIVE),
                        actions.menuItem(ActionId.RENAME_EMBEDDINGS), actions.menuItem(ActionId.DELETE_EMBEDDINGS)),
                new Menu("Adapters", null, actions.menuItem(ActionId.ADD_ADAPTER),
                        actions.menuItem(ActionId.LOAD_ADAPTER), actions.menuItem(ActionId.SAVE_ADAPTER),
                        actions.menuItem(ActionId.DELETE_ADAPTER), new SeparatorMenuItem(),
                        actions.menuItem(ActionId.EXPORT_MODEL)),
                new Menu("View", null, actions.menuItem(ActionId.FIND_ACTION),
                        actions.menuItem(ActionId.HIDE_ALL_TOOL_WINDOWS), actions.menuItem(ActionId.TOGGLE_THEME),
                        actions.menuItem(ActionId.SETTINGS)));
        menuBar.setId("menu-bar");
        ToolBar toolBar = new ToolBar(actions.toolbarButton(ActionId.OPEN_MODEL),
                actions.toolbarButton(ActionId.ADD_EMBEDDINGS), actions.toolbarButton(ActionId.LOAD_EMBEDDINGS),
                actions.toolbarButton(ActionId.SAVE_EMBEDDINGS), actions.toolbarButton(ActionId.DELETE_EMBEDDINGS));
        toolBar.getStyleClass().add("slim-toolbar");
        setTop(new VBox(menuBar, toolBar));
        setCenter(new ToolWindowLayout(editor, toolWindows, toolWindowsViewModel));
        setBottom(statusBar);
        addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.isAltDown() && event.getCode().isDigitKey()) {
                int number = event.getCode().ordinal() - KeyCode.DIGIT0.ordinal();
                toolWindows.stream().filter(w -> w.number() == number).findFirst()
                        .ifPresent(w -> toolWindowsViewModel.toggle(w.id()));
                event.consume();
            }
        });
    }

    /** A placeholder editor tab until an editor is opened. */
    public static Tab welcomeTab(ObservableStringValue summary) {
        Label label = new Label();
        label.textProperty().bind(summary);
        label.setWrapText(true);
        label.getStyleClass().add("welcome");
        BorderPane content = new BorderPane(label);
        Tab tab = new Tab("Overview", content);
        tab.setClosable(false);
        return tab;
    }
}
