package org.embeddingstudio.app.ui.overlap;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.embeddingstudio.app.ui.fx.NextFrameUpdate;
import org.embeddingstudio.app.ui.fx.PngExport;
import org.embeddingstudio.core.overlap.CorpusCoverage;

import java.io.IOException;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Overlap editor tab: pick two embeddings and compare; a proportional Venn diagram, stacked bars by class and
 * script, the summary and the corpus-coverage panel above; every token in a virtualised table with an inspector
 * beside it below. Binds to {@link OverlapViewModel} only.
 */
public final class OverlapView extends BorderPane {
    public OverlapView(OverlapViewModel viewModel) {
        setId("overlap-view");
        ScrollPane figures = figures(viewModel);
        setTop(controls(viewModel, figures));
        // The token table and inspector join a couple of frames later: building every skin of the tab at once took
        // one frame over 100 ms on 2 cores; in two steps neither frame does.
        BorderPane tokens = new BorderPane();
        new NextFrameUpdate(() -> tokens.setCenter(tokens(viewModel))).request();
        SplitPane content = new SplitPane(figures, tokens);
        content.setOrientation(Orientation.VERTICAL);
        content.setDividerPositions(0.5);
        setCenter(content);
    }

    private FlowPane controls(OverlapViewModel viewModel, ScrollPane figures) {
        ComboBox<String> a = new ComboBox<>(viewModel.choices());
        a.valueProperty().bindBidirectional(viewModel.aProperty());
        a.setId("overlap-a");
        ComboBox<String> b = new ComboBox<>(viewModel.choices());
        b.valueProperty().bindBidirectional(viewModel.bProperty());
        b.setId("overlap-b");
        CheckBox normalized = new CheckBox("Normalized matching");
        normalized.setTooltip(new Tooltip("Understand tokenizer conventions: ##x ↔ x, Ġx / ▁x ↔ x, </w>, special "
                + "tokens by role. Exact (the default) is what adapters does."));
        normalized.selectedProperty().bindBidirectional(viewModel.normalizedProperty());
        Button compare = new Button("Compare");
        compare.setId("overlap-compare");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> viewModel.compare());
        Button saveFigures = new Button("Save as PNG…");
        saveFigures.setId("overlap-save-png");
        saveFigures.setTooltip(new Tooltip("The Venn diagram, the breakdown bars and the figures beside them"));
        saveFigures.setOnAction(e -> viewModel.chooseImageFile().ifPresent(file -> {
            try {
                PngExport.save(figures.getContent(), figures.getBackground(), file);
                viewModel.imageSaved(file, null);
            } catch (IOException | RuntimeException error) {
                viewModel.imageSaved(file, error);
            }
        }));
        FlowPane controls = new FlowPane(8, 6, new Label("A (new):"), a, new Label("B (reference):"), b, normalized,
                compare, saveFigures);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(8));
        return controls;
    }

    private ScrollPane figures(OverlapViewModel viewModel) {
        Label summary = new Label();
        summary.setId("overlap-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());

        VennChart venn = new VennChart();
        viewModel.countsProperty().addListener((o, old, counts) -> venn.show(counts));
        BreakdownChart breakdown = new BreakdownChart();
        ListChangeListener<BreakdownBar> redraw = change ->
                breakdown.show(viewModel.classBars(), viewModel.scriptBars());
        viewModel.classBars().addListener(redraw);
        viewModel.scriptBars().addListener(redraw);
        // Canvases do not follow CSS: they take the theme's text colour from a label.
        summary.textFillProperty().addListener((o, old, ink) -> {
            venn.setInk(ink);
            breakdown.setInk(ink);
        });

        VBox side = new VBox(8, summary, coverage(viewModel));
        side.setPrefWidth(420);
        // Charts and figures side by side where the tab is wide, one under the other where it is not.
        FlowPane top = new FlowPane(16, 12, venn, breakdown, side);
        top.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(top);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private VBox coverage(OverlapViewModel viewModel) {
        Label title = new Label("Corpus coverage");
        title.getStyleClass().add("text-bold");
        Label corpus = new Label();
        corpus.textProperty().bind(viewModel.corpusProperty().map(path -> path.getFileName().toString())
                .orElse("no corpus chosen"));
        Button choose = new Button("Choose Corpus…");
        choose.setId("overlap-choose-corpus");
        choose.setOnAction(e -> viewModel.chooseCorpus());
        Label figures = new Label();
        figures.setId("overlap-coverage");
        figures.setWrapText(true);
        figures.textProperty().bind(viewModel.coverageProperty());
        Label random = new Label();
        random.setWrapText(true);
        random.getStyleClass().add("text-muted");
        viewModel.mostFrequentRandom().addListener((ListChangeListener<CorpusCoverage.TokenCount>) change ->
                random.setText(viewModel.mostFrequentRandom().isEmpty() ? "" : "Most frequent tokens starting random: "
                        + viewModel.mostFrequentRandom().stream().map(t -> t.token() + " (" + t.count() + ")")
                        .collect(Collectors.joining(", "))));
        HBox chooser = new HBox(8, choose, corpus);
        chooser.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, title, chooser, figures, random);
    }

    private BorderPane tokens(OverlapViewModel viewModel) {
        ChoiceBox<OverlapViewModel.Filter> filter = new ChoiceBox<>(FXCollections.observableArrayList(
                OverlapViewModel.Filter.values()));
        filter.valueProperty().bindBidirectional(viewModel.filterProperty());
        TextField search = new TextField();
        search.setId("overlap-search");
        search.setPromptText("Search tokens, or /regex/");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        Button export = new Button("Export CSV…");
        export.setId("overlap-export-csv");
        export.setOnAction(e -> viewModel.exportCsv());
        HBox tableTools = new HBox(8, filter, search, export);
        HBox.setHgrow(search, Priority.ALWAYS);
        tableTools.setPadding(new Insets(0, 0, 6, 0));

        // Sorting happens on a view of the filtered rows, so a column click re-sorts whatever the filter shows.
        SortedList<OverlapViewModel.Row> sorted = new SortedList<>(viewModel.visibleRows());
        TableView<OverlapViewModel.Row> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("overlap-table");
        table.getColumns().add(tokenColumn("Token A", OverlapViewModel.Row::readableA, OverlapViewModel.Row::tokenA));
        table.getColumns().add(column("Id A", r -> r.idA() < 0 ? "" : Integer.toString(r.idA())));
        table.getColumns().add(tokenColumn("Token B", OverlapViewModel.Row::readableB, OverlapViewModel.Row::tokenB));
        table.getColumns().add(column("Id B", r -> r.idB() < 0 ? "" : Integer.toString(r.idB())));
        table.getColumns().add(column("Matched", OverlapViewModel.Row::match));
        TableColumn<OverlapViewModel.Row, Long> count = new TableColumn<>("Corpus count");
        count.setId("overlap-corpus-count");
        count.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(
                cell.getValue().corpusCount() < 0 ? null : cell.getValue().corpusCount()));
        count.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        count.setSortType(TableColumn.SortType.DESCENDING);
        table.getColumns().add(count);
        table.getColumns().forEach(c -> c.setMinWidth(60));
        // Columns keep their headers whole; a table narrower than its columns scrolls sideways, as IntelliJ's do.
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().forEach(c -> c.setMinWidth(headerWidth(c.getText())));
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> viewModel.inspect(row));

        TextArea inspector = new TextArea();
        inspector.setId("overlap-inspector");
        inspector.setEditable(false);
        inspector.setWrapText(true);
        inspector.setPrefColumnCount(26);
        inspector.setMinWidth(160);
        inspector.textProperty().bind(viewModel.inspectionProperty());

        SplitPane split = new SplitPane(table, inspector);
        split.setDividerPositions(0.62);
        SplitPane.setResizableWithParent(inspector, false);
        BorderPane pane = new BorderPane(split);
        pane.setTop(tableTools);
        pane.setPadding(new Insets(8));
        return pane;
    }

    /** Tokens as people read them; the raw token, as the vocabulary spells it, in the cell's tooltip. */
    private static TableColumn<OverlapViewModel.Row, String> tokenColumn(String title,
                                                                        Function<OverlapViewModel.Row, String> shown,
                                                                        Function<OverlapViewModel.Row, String> raw) {
        TableColumn<OverlapViewModel.Row, String> column = column(title, shown);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                OverlapViewModel.Row row = empty ? null : getTableRow().getItem();
                setText(empty ? null : item);
                setTooltip(row == null || item == null || item.isEmpty() ? null
                        : new Tooltip(raw.apply(row).equals(item) ? item : item + "   raw: " + raw.apply(row)));
            }
        });
        return column;
    }

    /** Room for a header's whole text and its sort arrow. */
    private static double headerWidth(String title) {
        Text text = new Text(title);
        text.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 14));
        return Math.ceil(text.getLayoutBounds().getWidth()) + 30;
    }

    private static TableColumn<OverlapViewModel.Row, String> column(String title,
                                                                   Function<OverlapViewModel.Row, String> value) {
        TableColumn<OverlapViewModel.Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
