package org.embeddingstudio.app.ui.shell;

import javafx.beans.property.DoubleProperty;
import javafx.geometry.Orientation;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/**
 * IntelliJ-style frame around the editor area: stripes of tool-window buttons on the left, right and bottom edges;
 * each shown tool window sits in a resizable split beside the editor, or under the editor and the side windows.
 */
public final class ToolWindowLayout extends BorderPane {
    private final SplitPane horizontal = new SplitPane();
    private final SplitPane vertical = new SplitPane();
    private final Node editor;
    private final List<ToolWindow> windows = new ArrayList<>();
    private final ToolWindowsViewModel viewModel;

    public ToolWindowLayout(Node editor, List<ToolWindow> toolWindows, ToolWindowsViewModel viewModel) {
        this.editor = editor;
        this.viewModel = viewModel;
        windows.addAll(toolWindows);
        vertical.setOrientation(Orientation.VERTICAL);
        VBox left = stripe(ToolWindow.Side.LEFT);
        VBox right = stripe(ToolWindow.Side.RIGHT);
        HBox bottom = new HBox(2);
        bottom.getStyleClass().add("tool-stripe");
        windows.stream().filter(w -> w.side() == ToolWindow.Side.BOTTOM).forEach(w -> bottom.getChildren()
                .add(stripeButton(w, false)));
        setLeft(left);
        setRight(right);
        setBottom(bottom);
        setCenter(vertical);
        windows.forEach(w -> viewModel.shownProperty(w.id()).addListener((o, a, b) -> relayout()));
        relayout();
    }

    private VBox stripe(ToolWindow.Side side) {
        VBox stripe = new VBox(2);
        stripe.getStyleClass().add("tool-stripe");
        windows.stream().filter(w -> w.side() == side).forEach(w -> stripe.getChildren().add(stripeButton(w,
                true)));
        return stripe;
    }

    /** A stripe button; on the side stripes it is turned like IntelliJ's. */
    private Node stripeButton(ToolWindow window, boolean rotated) {
        ToggleButton button = new ToggleButton(window.title(), new FontIcon(window.icon()));
        button.setId("stripe-" + window.id());
        button.getStyleClass().addAll("flat", "small", "stripe-button");
        button.setTooltip(new Tooltip(window.title() + " (Alt+" + window.number() + ")"));
        button.selectedProperty().bindBidirectional(viewModel.shownProperty(window.id()));
        button.setFocusTraversable(false);
        if (!rotated) {
            return button;
        }
        button.setRotate(window.side() == ToolWindow.Side.LEFT ? -90 : 90);
        return new Group(button);
    }

    /**
     * The left and right windows beside the editor; the bottom one under all three, across the whole width, as in
     * IntelliJ. Each split starts at the share the view model holds and tells it where the user drags it.
     */
    private void relayout() {
        List<ToolWindow> leftWindows = shown(ToolWindow.Side.LEFT);
        List<ToolWindow> rightWindows = shown(ToolWindow.Side.RIGHT);
        List<ToolWindow> bottomWindows = shown(ToolWindow.Side.BOTTOM);
        List<Node> columns = new ArrayList<>();
        leftWindows.forEach(w -> columns.add(panel(w)));
        columns.add(editor);
        rightWindows.forEach(w -> columns.add(panel(w)));
        horizontal.getItems().setAll(columns);
        if (!leftWindows.isEmpty()) {
            follow(horizontal, 0, viewModel.shareProperty(leftWindows.get(0).id()), false);
        }
        if (!rightWindows.isEmpty()) {
            follow(horizontal, columns.size() - 2, viewModel.shareProperty(rightWindows.get(0).id()), true);
        }
        List<Node> rows = new ArrayList<>(List.of(horizontal));
        bottomWindows.forEach(w -> rows.add(panel(w)));
        vertical.getItems().setAll(rows);
        if (!bottomWindows.isEmpty()) {
            follow(vertical, 0, viewModel.shareProperty(bottomWindows.get(0).id()), true);
        }
    }

    /**
     * Puts divider {@code index} at {@code share} (from the far edge when {@code fromEnd}) and keeps the share in
     * step with where the user drags it.
     */
    private static void follow(SplitPane split, int index, DoubleProperty share, boolean fromEnd) {
        split.setDividerPosition(index, fromEnd ? 1 - share.get() : share.get());
        split.getDividers().get(index).positionProperty().addListener((o, a, position) ->
                share.set(fromEnd ? 1 - position.doubleValue() : position.doubleValue()));
    }

    private List<ToolWindow> shown(ToolWindow.Side side) {
        return windows.stream().filter(w -> w.side() == side && viewModel.shownProperty(w.id()).get()).toList();
    }

    private Node panel(ToolWindow window) {
        Label header = new Label(window.title(), new FontIcon(window.icon()));
        header.getStyleClass().add("tool-window-header");
        BorderPane panel = new BorderPane(window.content());
        panel.setTop(header);
        panel.getStyleClass().add("tool-window");
        panel.setId("tool-" + window.id());
        return panel;
    }

}
