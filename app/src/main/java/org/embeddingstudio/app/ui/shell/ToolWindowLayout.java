package org.embeddingstudio.app.ui.shell;

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
 * each shown tool window sits in a resizable split beside (or under) the editor.
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
        setCenter(horizontal);
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

    private void relayout() {
        double[] horizontalDividers = horizontal.getDividerPositions();
        List<Node> columns = new ArrayList<>();
        shown(ToolWindow.Side.LEFT).forEach(w -> columns.add(panel(w)));
        List<Node> rows = new ArrayList<>();
        rows.add(editor);
        shown(ToolWindow.Side.BOTTOM).forEach(w -> rows.add(panel(w)));
        vertical.getItems().setAll(rows);
        if (rows.size() > 1) {
            // The editor keeps 72 % when one bottom window shows, 55 % with more; they share the rest evenly.
            double editorShare = rows.size() == 2 ? 0.72 : 0.55;
            double[] positions = new double[rows.size() - 1];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = editorShare + i * (1 - editorShare) / positions.length;
            }
            vertical.setDividerPositions(positions);
        }
        columns.add(vertical);
        shown(ToolWindow.Side.RIGHT).forEach(w -> columns.add(panel(w)));
        horizontal.getItems().setAll(columns);
        int editorColumn = columns.indexOf(vertical);
        if (horizontalDividers.length == columns.size() - 1) {
            // Same columns as before (only a bottom window changed): keep the widths the user had.
            horizontal.setDividerPositions(horizontalDividers);
        } else if (columns.size() > 1) {
            if (editorColumn > 0) {
                horizontal.setDividerPosition(0, 0.30);
            }
            if (editorColumn < columns.size() - 1) {
                horizontal.setDividerPosition(columns.size() - 2, 0.74);
            }
        }
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
