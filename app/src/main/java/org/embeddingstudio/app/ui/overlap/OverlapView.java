package org.embeddingstudio.app.ui.overlap;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.util.function.Function;

/**
 * The Overlap editor tab: pick two embeddings, compare, see a proportional Venn diagram with the counts and the
 * false-friend warning, and every token in a virtualised table. Binds to {@link OverlapViewModel} only.
 */
public final class OverlapView extends BorderPane {
    private final Canvas venn = new Canvas(300, 220);

    public OverlapView(OverlapViewModel viewModel) {
        setId("overlap-view");
        ComboBox<String> a = new ComboBox<>(FXCollections.observableArrayList(viewModel.choices()));
        a.valueProperty().bindBidirectional(viewModel.aProperty());
        a.setId("overlap-a");
        ComboBox<String> b = new ComboBox<>(FXCollections.observableArrayList(viewModel.choices()));
        b.valueProperty().bindBidirectional(viewModel.bProperty());
        b.setId("overlap-b");
        CheckBox normalized = new CheckBox("Normalized matching");
        normalized.selectedProperty().bindBidirectional(viewModel.normalizedProperty());
        Button compare = new Button("Compare");
        compare.setId("overlap-compare");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> viewModel.compare());
        javafx.scene.layout.FlowPane controls = new javafx.scene.layout.FlowPane(8, 6, new Label("A (new):"), a,
                new Label("B (reference):"), b, normalized, compare);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(8));

        Label summary = new Label();
        summary.setId("overlap-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());
        viewModel.countsProperty().addListener((o, old, counts) -> drawVenn(counts));
        HBox left = new HBox(12, venn, summary);
        HBox.setHgrow(summary, Priority.ALWAYS);
        left.setAlignment(Pos.CENTER_LEFT);
        left.setPadding(new Insets(8));

        ChoiceBox<OverlapViewModel.Filter> filter = new ChoiceBox<>(FXCollections.observableArrayList(
                OverlapViewModel.Filter.values()));
        filter.valueProperty().bindBidirectional(viewModel.filterProperty());
        TextField search = new TextField();
        search.setPromptText("Search tokens, or /regex/");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        HBox tableTools = new HBox(8, filter, search);
        HBox.setHgrow(search, Priority.ALWAYS);
        tableTools.setPadding(new Insets(0, 0, 6, 0));
        TableView<OverlapViewModel.Row> table = new TableView<>(viewModel.visibleRows());
        table.setId("overlap-table");
        table.getColumns().add(column("Token A", OverlapViewModel.Row::tokenA));
        table.getColumns().add(column("Id A", r -> r.idA() < 0 ? "" : Integer.toString(r.idA())));
        table.getColumns().add(column("Token B", OverlapViewModel.Row::tokenB));
        table.getColumns().add(column("Id B", r -> r.idB() < 0 ? "" : Integer.toString(r.idB())));
        table.getColumns().add(column("Matched", OverlapViewModel.Row::match));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox right = new VBox(tableTools, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        right.setPadding(new Insets(8));

        table.getColumns().forEach(c -> c.setMinWidth(60));
        SplitPane content = new SplitPane(left, right);
        content.setOrientation(javafx.geometry.Orientation.VERTICAL);
        content.setDividerPositions(0.4);
        setTop(controls);
        setCenter(content);
        drawVenn(null);
    }

    private static TableColumn<OverlapViewModel.Row, String> column(String title,
                                                                   Function<OverlapViewModel.Row, String> value) {
        TableColumn<OverlapViewModel.Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** Circle areas proportional to the vocabulary sizes; the overlap's width grows with the shared share. */
    private void drawVenn(OverlapViewModel.Counts counts) {
        GraphicsContext g = venn.getGraphicsContext2D();
        g.clearRect(0, 0, venn.getWidth(), venn.getHeight());
        g.setTextAlign(TextAlignment.CENTER);
        if (counts == null) {
            g.setFill(Color.GRAY);
            g.fillText("Compare two vocabularies", venn.getWidth() / 2, venn.getHeight() / 2);
            return;
        }
        double largest = Math.max(counts.sizeA(), counts.sizeB());
        double radiusA = 90 * Math.sqrt(counts.sizeA() / largest);
        double radiusB = 90 * Math.sqrt(counts.sizeB() / largest);
        double shareOfSmaller = counts.shared() / (double) Math.max(1, Math.min(counts.sizeA(), counts.sizeB()));
        double distance = (radiusA + radiusB) - shareOfSmaller * 2 * Math.min(radiusA, radiusB);
        double centreY = 100;
        double centreA = 150 - distance / 2;
        double centreB = 150 + distance / 2;
        g.setFill(Color.rgb(9, 105, 218, 0.35));
        g.fillOval(centreA - radiusA, centreY - radiusA, 2 * radiusA, 2 * radiusA);
        g.setFill(Color.rgb(207, 34, 46, 0.30));
        g.fillOval(centreB - radiusB, centreY - radiusB, 2 * radiusB, 2 * radiusB);
        g.setFill(Color.BLACK);
        g.fillText(String.format("%,d", counts.onlyA()), centreA - radiusA / 2, centreY);
        g.fillText(String.format("%,d", counts.shared()), (centreA + centreB) / 2, centreY);
        g.fillText(String.format("%,d", counts.onlyB()), centreB + radiusB / 2, centreY);
        g.fillText("A", centreA - radiusA / 2, centreY + 18);
        g.fillText("B", centreB + radiusB / 2, centreY + 18);
        if (counts.falseFriends() > 0) {
            g.setFill(Color.rgb(154, 103, 0));
            g.fillText(String.format("%,d false friends", counts.falseFriends()), 150, 210);
        }
    }
}
