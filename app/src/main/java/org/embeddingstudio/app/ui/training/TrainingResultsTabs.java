package org.embeddingstudio.app.ui.training;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

import static org.embeddingstudio.app.ui.training.TrainingView.column;
import static org.embeddingstudio.app.ui.training.TrainingView.wrapping;

/**
 * Below the Training window's curve: the shown run's summary with the rows' drift and the cluster exchange, its
 * evaluations, the comparison of every loaded embedding, and the runs of this session.
 */
final class TrainingResultsTabs extends TabPane {
    private final TrainingRunViewModel runModel;
    private final RunHistoryViewModel historyModel;

    TrainingResultsTabs(TrainingViewModel viewModel) {
        runModel = viewModel.run();
        historyModel = viewModel.history();
        getTabs().setAll(List.of(new Tab("Summary", summary(viewModel.cluster())), new Tab("Evaluations",
                evaluations()), new Tab("Compare Embeddings", comparison(viewModel.comparison())),
                new Tab("Runs", runs())));
        setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    }

    private Node summary(ClusterExchangeViewModel clusterModel) {
        Label summary = wrapping(historyModel.summaryProperty());
        summary.setId("training-summary");
        TableView<RunHistoryViewModel.DriftRow> drift = new TableView<>(historyModel.drift());
        drift.setId("training-drift");
        Label noDrift = new Label("How far the rows moved, by origin, shows here after a run that trains them.");
        noDrift.setWrapText(true);
        drift.setPlaceholder(noDrift);
        drift.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        drift.getColumns().setAll(List.of(column("Rows from", RunHistoryViewModel.DriftRow::origin),
                column("Rows", d -> Integer.toString(d.rows())), column("Mean drift", d -> number(d.mean())),
                column("Median", d -> number(d.median())), column("Max", d -> number(d.max()))));
        Button export = new Button("Export for a cluster…");
        export.setId("training-export");
        export.disableProperty().bind(historyModel.shownRunProperty().isNull().or(runModel.runningBinding()));
        export.setOnAction(e -> clusterModel.exportForCluster());
        Button importResults = new Button("Import results…");
        importResults.disableProperty().bind(runModel.runningBinding());
        importResults.setOnAction(e -> clusterModel.importResults());
        Label exported = wrapping(clusterModel.exportedProperty());
        VBox summaryBox = new VBox(6, summary, new HBox(8, export, importResults), exported, drift);
        summaryBox.setPadding(new Insets(6));
        VBox.setVgrow(drift, Priority.ALWAYS);
        // The drift table keeps a few rows; where the window is shorter than that, the summary scrolls.
        drift.setMinHeight(110);
        ScrollPane summaryScroll = new ScrollPane(summaryBox);
        summaryScroll.setFitToWidth(true);
        summaryScroll.setFitToHeight(true);
        return summaryScroll;
    }

    private Node evaluations() {
        TableView<RunHistoryViewModel.EvaluationRow> evaluations = new TableView<>(historyModel.evaluationRows());
        evaluations.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        evaluations.getColumns().setAll(List.of(column("Step", e -> Integer.toString(e.step())),
                column("Held-out loss", e -> number(e.loss())), column("Accuracy", e -> percent(e.accuracy())),
                column("Most frequent label", e -> percent(e.majority())),
                column("Predictions", e -> Integer.toString(e.examples()))));
        return evaluations;
    }

    private Node comparison(EmbeddingComparisonViewModel comparisonModel) {
        Button compare = new Button("Compare embeddings");
        compare.setId("training-compare");
        compare.disableProperty().bind(historyModel.shownRunProperty().isNull().or(runModel.runningBinding()));
        compare.setOnAction(e -> comparisonModel.compareEmbeddings());
        TableView<EmbeddingComparisonViewModel.ComparisonRow> comparison =
                new TableView<>(comparisonModel.comparison());
        comparison.setId("training-comparison");
        comparison.setPlaceholder(new Label("Evaluates the held-out split with every loaded embedding, each with "
                + "its own tokenizer."));
        comparison.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        comparison.getColumns().setAll(List.of(
                column("Embedding", EmbeddingComparisonViewModel.ComparisonRow::embedding),
                column("Accuracy", r -> percent(r.accuracy())),
                column("Always the most frequent label", r -> percent(r.majority())),
                column("Held-out loss", r -> number(r.loss())),
                column("Predictions", r -> Integer.toString(r.examples())),
                column("Note", EmbeddingComparisonViewModel.ComparisonRow::note)));
        VBox compareBox = new VBox(6, compare, comparison);
        compareBox.setPadding(new Insets(6));
        VBox.setVgrow(comparison, Priority.ALWAYS);
        return compareBox;
    }

    private Node runs() {
        TableView<RunRow> runs = new TableView<>(historyModel.runRows());
        runs.setId("training-runs");
        runs.setPlaceholder(new Label("Every run of this session; select one to see its curve and settings, "
                + "Ctrl+click a second to draw its curve behind."));
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runs.getColumns().setAll(List.of(column("Run", RunRow::name),
                column("Objective", RunRow::objective),
                column("Steps", RunRow::steps),
                column("Final loss", RunRow::finalLoss),
                column("Held-out accuracy", RunRow::accuracy),
                column("Most frequent label", RunRow::majority),
                column("Held-out bits per byte", RunRow::bitsPerByte),
                column("Tokens/s", RunRow::tokensPerSecond),
                column("Time", RunRow::time)));
        // The first selected run is shown; a second one is drawn behind it, dashed.
        runs.getSelectionModel().getSelectedItems().addListener(
                (ListChangeListener<RunRow>) change -> {
                    List<RunRow> selected = List.copyOf(runs.getSelectionModel().getSelectedItems());
                    if (!selected.isEmpty()) {
                        historyModel.show(selected.get(0).run());
                    }
                    historyModel.compareWith(selected.size() > 1 ? selected.get(1).run() : null);
                });
        return runs;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
    }
}
