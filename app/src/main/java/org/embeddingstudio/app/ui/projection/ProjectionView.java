package org.embeddingstudio.app.ui.projection;

import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.embeddingstudio.app.ui.fx.PngExport;
import org.embeddingstudio.core.embedding.RowOrigin;

import java.io.IOException;

/**
 * The Projection tab: embedding and sample size, the PCA scatter (zoom, pan, hover), a legend of row origins, and
 * exports (PNG of the plot, Embedding Projector files). Binds to {@link ProjectionViewModel} only.
 */
public final class ProjectionView extends BorderPane {
    public ProjectionView(ProjectionViewModel viewModel) {
        setId("projection-view");
        ScatterPlot plot = new ScatterPlot();
        ComboBox<String> embedding = new ComboBox<>(FXCollections.observableArrayList(viewModel.choices()));
        embedding.setId("projection-embedding");
        embedding.valueProperty().bindBidirectional(viewModel.embeddingProperty());
        Spinner<Integer> sample = new Spinner<>(100, 100_000, viewModel.sampleSizeProperty().get(), 1_000);
        sample.setEditable(true);
        sample.setPrefWidth(110);
        sample.valueProperty().addListener((o, old, value) -> viewModel.sampleSizeProperty().set(value));
        sample.setTooltip(new Tooltip("Rows projected: a seeded random sample, the same every time"));
        Button project = new Button("Project");
        project.setId("projection-run");
        project.setDefaultButton(true);
        project.setOnAction(e -> viewModel.project());
        Button savePng = new Button("Save as PNG…");
        savePng.setOnAction(e -> viewModel.chooseImageFile().ifPresent(file -> {
            try {
                PngExport.save(plot, getBackground(), file);
                viewModel.imageSaved(file, null);
            } catch (IOException | RuntimeException error) {
                viewModel.imageSaved(file, error);
            }
        }));
        Button projector = new Button("Export for Embedding Projector…");
        projector.setTooltip(new Tooltip("tensor.tsv and metadata.tsv (token, provenance) for "
                + "projector.tensorflow.org: t-SNE and UMAP there"));
        projector.setOnAction(e -> viewModel.exportProjector());
        FlowPane controls = new FlowPane(8, 6, new Label("Embedding:"), embedding, new Label("Rows:"), sample, project,
                savePng, projector);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(8));

        Label summary = new Label();
        summary.setId("projection-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.textFillProperty().addListener((o, old, ink) -> plot.setInk(ink));
        viewModel.projectionProperty().addListener((o, old, projection) -> plot.show(projection.points()));
        FlowPane legend = new FlowPane(12, 4);
        ScatterPlot.COLOURS.forEach((origin, colour) -> {
            if (origin != RowOrigin.UNKNOWN) {
                legend.getChildren().add(new HBox(4, new Circle(4, colour), new Label(origin.label())));
            }
        });
        legend.getChildren().forEach(n -> ((HBox) n).setAlignment(Pos.CENTER_LEFT));
        Label help = new Label("Wheel: zoom · drag: pan · double-click: fit · hover: token");
        help.getStyleClass().add("text-muted");
        VBox bottom = new VBox(4, summary, legend, help);
        bottom.setPadding(new Insets(8));
        setTop(controls);
        setCenter(plot);
        setBottom(bottom);
    }
}
