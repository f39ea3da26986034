package org.embeddingstudio.app.ui.overlap;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.embeddingstudio.app.ui.fx.PngExport;

import java.io.IOException;

/**
 * The Intersections tab: check the vocabularies to compare (add tokenizer files beside the workspace's embeddings),
 * compare, and read the UpSet plot. Binds to {@link IntersectionsViewModel} only.
 */
public final class IntersectionsView extends BorderPane {
    private final FlowPane sources = new FlowPane(10, 6);

    public IntersectionsView(IntersectionsViewModel viewModel) {
        setId("intersections-view");
        viewModel.sources().addListener((ListChangeListener<IntersectionsViewModel.Source>) change -> showSources(
                viewModel));
        showSources(viewModel);
        Button add = new Button("Add Tokenizer…");
        add.setOnAction(e -> viewModel.chooseTokenizer());
        CheckBox normalized = new CheckBox("Normalized matching");
        normalized.selectedProperty().bindBidirectional(viewModel.normalizedProperty());
        Button compare = new Button("Compare");
        compare.setId("intersections-compare");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> viewModel.compare());
        UpSetChart chart = new UpSetChart();
        Button savePng = new Button("Save as PNG…");
        savePng.setOnAction(e -> viewModel.chooseImageFile().ifPresent(file -> {
            try {
                PngExport.save(chart, getBackground(), file);
                viewModel.imageSaved(file, null);
            } catch (IOException | RuntimeException error) {
                viewModel.imageSaved(file, error);
            }
        }));
        FlowPane controls = new FlowPane(8, 6, add, normalized, compare, savePng);
        controls.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.setId("intersections-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.textFillProperty().addListener((o, old, ink) -> chart.setInk(ink));
        viewModel.resultProperty().addListener((o, old, result) -> chart.show(result));
        Label columns = new Label("Each column: tokens in exactly the vocabularies marked below it (the "
                + UpSetChart.MAX_COLUMNS + " largest combinations).");
        columns.getStyleClass().add("text-muted");
        VBox top = new VBox(8, new Label("Vocabularies:"), sources, controls, summary, columns);
        top.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(chart);
        scroll.setPadding(new Insets(8));
        setTop(top);
        setCenter(scroll);
    }

    private void showSources(IntersectionsViewModel viewModel) {
        sources.getChildren().setAll(viewModel.sources().stream().map(source -> {
            CheckBox box = new CheckBox(source.label());
            box.selectedProperty().bindBidirectional(source.includedProperty());
            return box;
        }).toList());
    }
}
