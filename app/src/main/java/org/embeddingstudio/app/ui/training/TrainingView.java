package org.embeddingstudio.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.embeddingstudio.app.ui.fx.PathField;
import org.embeddingstudio.app.ui.fx.ShownAs;
import org.embeddingstudio.app.ui.workspace.DeviceName;
import org.embeddingstudio.core.engine.Precision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The Training tool window: the run's setup on the left (adapter, embedding, objective and data with a preview,
 * hyper-parameters, device), the live curve and figures on the right, and below them the summary with the rows'
 * drift, the evaluations, the comparison of embeddings and the runs of this session.
 */
public final class TrainingView extends SplitPane {
    private final TrainingDataViewModel dataModel;
    private final TrainingFormViewModel formModel;
    private final TrainingRunViewModel runModel;
    private final RunHistoryViewModel historyModel;
    private final TrainingWarningsViewModel warningsModel;
    private final Runnable trainCopyInstead;

    public TrainingView(TrainingViewModel viewModel) {
        dataModel = viewModel.data();
        formModel = viewModel.form();
        runModel = viewModel.run();
        historyModel = viewModel.history();
        warningsModel = viewModel.warnings();
        trainCopyInstead = viewModel::trainCopyInstead;
        setId("training");
        ScrollPane setup = new ScrollPane(setup());
        setup.setFitToWidth(true);
        setup.setMinWidth(300);
        getItems().addAll(setup, results(viewModel));
        setDividerPositions(0.42);
    }

    private VBox setup() {
        GridPane what = grid();
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(120);
        what.getColumnConstraints().setAll(labels, fields);
        ComboBox<String> adapter = new ComboBox<>(formModel.adapterChoices());
        adapter.setId("training-adapter");
        adapter.valueProperty().bindBidirectional(formModel.adapterProperty());
        TextField name = new TextField();
        name.setId("training-adapter-name");
        name.textProperty().bindBidirectional(formModel.newAdapterNameProperty());
        ComboBox<TrainingFormViewModel.AdapterKind> kind = new ComboBox<>();
        kind.getItems().setAll(TrainingFormViewModel.AdapterKind.values());
        kind.valueProperty().bindBidirectional(formModel.adapterKindProperty());
        TextField factor = new TextField();
        factor.setPrefColumnCount(4);
        factor.textProperty().bindBidirectional(formModel.reductionFactorProperty());
        var isNew = formModel.adapterProperty().isEqualTo(TrainingFormViewModel.NEW_ADAPTER);
        name.setPrefColumnCount(8);
        FlowPane newAdapter = new FlowPane(6, 4, name, kind,
                new Label("reduction factor"), factor);
        newAdapter.visibleProperty().bind(isNew);
        newAdapter.managedProperty().bind(isNew);
        Label embedding = new Label();
        embedding.textProperty().bind(Bindings.concat("'", formModel.embeddingProperty(), "' (the active one)"));
        CheckBox trainEmbeddings = new CheckBox("Train embeddings");
        trainEmbeddings.setId("training-train-embeddings");
        trainEmbeddings.selectedProperty().bindBidirectional(formModel.trainEmbeddingsProperty());
        var objective = new ComboBox<>(dataModel.objectives());
        objective.valueProperty().bindBidirectional(dataModel.objectiveProperty());
        // Typed, pasted or dropped as well as chosen: a path copied from a terminal is the common case.
        PathField data = new PathField("training-data", dataModel.dataFileProperty(), null,
                "a .txt, or .csv/.tsv/.jsonl for classification", PathField.Choosers.NONE);
        data.setMinWidth(60);
        HBox.setHgrow(data, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("training-choose");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> dataModel.chooseDataFile());
        int row = 0;
        what.addRow(row++, label("Adapter"), adapter);
        what.add(newAdapter, 1, row++);
        what.addRow(row++, label("Embedding"), new VBox(4, embedding, trainEmbeddings));
        what.addRow(row++, label("Objective"), objective);
        what.addRow(row++, label("Data"), new HBox(6, data, choose));
        var classification = dataModel.classificationBinding();
        FlowPane columns = new FlowPane(6, 4,
                columnBox("text", dataModel.textColumnProperty(), false),
                columnBox("pair", dataModel.pairColumnProperty(), true),
                columnBox("label", dataModel.labelColumnProperty(), false));
        Label columnsLabel = label("Columns");
        columns.visibleProperty().bind(classification);
        columns.managedProperty().bind(classification);
        columnsLabel.visibleProperty().bind(classification);
        columnsLabel.managedProperty().bind(classification);
        what.addRow(row++, columnsLabel, columns);
        TableView<List<String>> preview = previewTable();
        what.add(preview, 0, row, 2, 1);

        PropertySheet sheet = new PropertySheet();
        sheet.setId("training-hyperparameters");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.getItems().setAll(formModel.hyperParameters().fields().stream().map(FieldItem::new).toList());
        TitledPane hyper = new TitledPane("Hyper-parameters", sheet);
        hyper.setCollapsible(false);

        ComboBox<String> device = new ComboBox<>(formModel.devices());
        device.setId("training-device");
        device.valueProperty().bindBidirectional(formModel.deviceProperty());
        device.setConverter(ShownAs.text(DeviceName::of));
        Label deviceNote = wrapping(formModel.deviceNoteProperty());
        deviceNote.setId("training-device-note");
        ComboBox<Precision> precision = new ComboBox<>(formModel.hyperParameters().precisions());
        precision.setId("training-precision");
        precision.valueProperty().bindBidirectional(formModel.hyperParameters().precision());
        GridPane where = grid();
        where.addRow(0, label("Device"), device);
        where.add(deviceNote, 0, 1, 2, 1);
        where.addRow(2, label("Precision"), precision);
        where.add(wrapping(formModel.hyperParameters().precisionNote()), 0, 3, 2, 1);

        VBox box = new VBox(8, what, hyper, where);
        box.setPadding(new Insets(8));
        return box;
    }

    private ComboBox<String> columnBox(String prompt, StringProperty value, boolean optional) {
        ComboBox<String> box = new ComboBox<>();
        box.setPromptText(prompt);
        Runnable fill = () -> {
            List<String> items = new ArrayList<>(optional ? List.of("") : List.of());
            items.addAll(dataModel.columnNames());
            box.getItems().setAll(items);
            box.setValue(value.get());
        };
        dataModel.columnNames().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private TableView<List<String>> previewTable() {
        TableView<List<String>> table = new TableView<>(dataModel.preview());
        table.setId("training-preview");
        table.setPrefHeight(130);
        table.setPlaceholder(new Label("The first rows of the data show here."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Runnable columns = () -> {
            boolean classification = dataModel.classificationBinding().get();
            List<String> names = classification ? List.of("text", "pair", "label") : List.of("text");
            table.getColumns().setAll(IntStream.range(0, names.size()).mapToObj(i ->
                    column(names.get(i), (List<String> r) -> i < r.size() ? r.get(i) : "")).toList());
        };
        dataModel.objectiveProperty().addListener((o, a, b) -> columns.run());
        columns.run();
        return table;
    }

    private SplitPane results(TrainingViewModel viewModel) {
        Label problem = wrapping(formModel.problemProperty());
        problem.setId("training-problem");
        problem.getStyleClass().add("danger");
        Button start = new Button("Start");
        start.setId("training-start");
        start.setDefaultButton(false);
        start.getStyleClass().add("accent");
        start.disableProperty().bind(runModel.canStartBinding().not());
        start.setOnAction(e -> runModel.start());
        Button cancel = new Button("Cancel");
        cancel.setId("training-cancel");
        cancel.disableProperty().bind(runModel.stateProperty().isNotEqualTo(TrainingRunViewModel.State.RUNNING));
        cancel.setOnAction(e -> runModel.cancel());
        Button resume = new Button("Resume");
        resume.setId("training-resume");
        resume.disableProperty().bind(runModel.canResumeBinding().not());
        resume.setOnAction(e -> runModel.resume());
        Label live = new Label();
        live.setId("training-live");
        live.textProperty().bind(runModel.liveProperty());
        ProgressBar progress = new ProgressBar(0);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(Bindings.createDoubleBinding(() -> runModel.totalStepsProperty().get() == 0
                ? 0 : (double) runModel.stepProperty().get() / runModel.totalStepsProperty().get(),
                runModel.stepProperty(), runModel.totalStepsProperty()));
        LossCurveCanvas curve = new LossCurveCanvas(historyModel::curve, historyModel::comparedCurve,
                historyModel::comparedName);
        VBox.setVgrow(curve, Priority.ALWAYS);
        historyModel.curveRevisionProperty().addListener((o, a, b) -> curve.redraw());
        for (Button button : List.of(start, cancel, resume)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox controls = new HBox(8, start, cancel, resume, progress);
        HBox.setHgrow(progress, Priority.ALWAYS);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, controls, problem, new TrainingWarningsView(warningsModel, trainCopyInstead), live,
                curve);
        top.setPadding(new Insets(8));

        TrainingResultsTabs tabs = new TrainingResultsTabs(viewModel);
        SplitPane split = new SplitPane(top, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        return split;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        return grid;
    }

    static Label wrapping(ObservableValue<String> text) {
        Label label = new Label();
        label.setWrapText(true);
        // all its lines even where the pane is short: a VBox short of room shrinks a label to one elided line
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(text);
        label.setMaxWidth(Double.MAX_VALUE);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }

    /** An editable hyper-parameter of the property sheet, backed by the view model's text. */
    private record FieldItem(HyperParameters.Field field) implements PropertySheet.Item {
        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return "Hyper-parameters";
        }

        @Override
        public String getName() {
            return field.name();
        }

        @Override
        public String getDescription() {
            return field.description();
        }

        @Override
        public Object getValue() {
            return field.text().get();
        }

        @Override
        public void setValue(Object value) {
            field.text().set(value == null ? "" : value.toString());
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.of(field.text());
        }
    }
}
