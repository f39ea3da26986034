package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.embeddingstudio.app.ui.fx.FormGrid;
import org.embeddingstudio.app.ui.fx.PathField;
import org.embeddingstudio.app.ui.fx.ShownAs;
import org.embeddingstudio.core.embedding.InitStrategy;

import java.nio.file.Path;
import java.util.List;

/**
 * The Add Embeddings dialog: binds its fields to {@link AddEmbeddingsViewModel}, nothing more. OK does not close it:
 * the view model adds, and the dialog closes once it has added, or stays open with the reason if it could not.
 */
public final class AddEmbeddingsDialog extends Dialog<ButtonType> {
    public AddEmbeddingsDialog(Window owner, AddEmbeddingsViewModel viewModel) {
        initOwner(owner);
        setTitle("Add Embeddings");
        setHeaderText("A new embedding for a tokenizer's vocabulary");
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(viewModel.canConfirmBinding().not());
        // Consumed before the dialog sees it, so OK starts the add instead of closing with the inputs.
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.confirm();
        });
        viewModel.addedProperty().addListener((o, was, added) -> {
            if (added) {
                setResult(ButtonType.OK);
                close();
            }
        });
        setOnHidden(e -> viewModel.cancelAdding()); // Cancel or Esc while adding
        getDialogPane().setId("add-embeddings-dialog");

        TextField name = new TextField();
        name.setId("embedding-name");
        name.setPromptText("e.g. sinhala");
        name.textProperty().bindBidirectional(viewModel.nameProperty());
        setOnShown(e -> name.requestFocus()); // the first keys typed go into the name
        Label nameError = new Label();
        nameError.getStyleClass().add("danger");
        nameError.textProperty().bind(viewModel.nameErrorProperty());

        ComboBox<String> reference = new ComboBox<>(viewModel.referenceChoices());
        reference.setId("reference-embedding");
        reference.valueProperty().bindBidirectional(viewModel.referenceProperty());
        reference.setMaxWidth(Double.MAX_VALUE);

        Label preview = new Label();
        preview.setId("rows-preview");
        preview.setWrapText(true);
        preview.textProperty().bind(viewModel.previewProperty());
        // Room for five wrapped lines from the start (a decoder's preview names its special tokens too): the
        // dialog is sized when it opens, while the preview still says "Choose a tokenizer."
        preview.setPrefHeight(5 * 19);
        preview.setMinHeight(Region.USE_PREF_SIZE);
        preview.setAlignment(Pos.TOP_LEFT);

        GridPane grid = FormGrid.create();
        grid.addRow(0, new Label("Name:"), name);
        grid.add(nameError, 1, 1);
        grid.addRow(2, new Label("Tokenizer:"), pathField("tokenizer", viewModel.tokenizerProperty(), owner));
        grid.addRow(3, new Label("Copy rows from:"), reference);
        grid.addRow(4, new Label("Its tokenizer:"), pathField("reference-tokenizer",
                viewModel.referenceTokenizerProperty(), owner));
        grid.add(new Label("(empty: the tokenizer that embedding was made for)"), 1, 5);
        TextField dimension = new TextField();
        dimension.setId("embedding-dimension");
        dimension.textProperty().bindBidirectional(viewModel.dimensionProperty());
        Label dimensionError = new Label();
        dimensionError.getStyleClass().add("danger");
        dimensionError.textProperty().bind(viewModel.dimensionErrorProperty());
        CheckBox normalized = new CheckBox(
                "Match by tokenizer conventions (##x, Ġx, ▁x; specials by role)");
        normalized.setTooltip(new Tooltip("Unchecked: exact strings, as adapters matches."));
        normalized.setId("normalized-matching");
        normalized.setWrapText(true);
        normalized.setMinHeight(Region.USE_PREF_SIZE);
        normalized.selectedProperty().bindBidirectional(viewModel.normalizedProperty());
        ComboBox<InitStrategy> init = new ComboBox<>(
                FXCollections.observableArrayList(viewModel.initChoices()));
        init.setId("init-strategy");
        init.valueProperty().bindBidirectional(viewModel.initProperty());
        init.setConverter(ShownAs.text(strategy -> switch (strategy) {
            case RANDOM -> "random, N(0, 0.02) — as adapters does";
            case FVT -> "FVT — mean of the reference rows of its pieces";
            case MEAN -> "mean of all reference rows";
            case OMP -> "OMP — sparse combination of anchors in a donor's space";
        }));
        ComboBox<String> donor = new ComboBox<>(viewModel.donorChoices());
        donor.setId("omp-donor");
        donor.setPromptText("an embedding made for this tokenizer (load it first)");
        donor.setMaxWidth(Double.MAX_VALUE);
        donor.valueProperty().bindBidirectional(viewModel.donorProperty());
        Label donorLabel = new Label("OMP donor:");
        // Only OMP uses a donor: the row shows when it is chosen.
        BooleanBinding omp = init.valueProperty().isEqualTo(
                InitStrategy.OMP);
        for (Node node : List.of(donor, donorLabel)) {
            node.visibleProperty().bind(omp);
            node.managedProperty().bind(omp);
        }
        grid.add(normalized, 1, 6);
        grid.addRow(7, new Label("Rows not shared:"), init);
        grid.addRow(8, donorLabel, donor);
        grid.addRow(9, new Label("Dimension:"), dimension);
        grid.add(dimensionError, 1, 10);
        if (viewModel.forDecoder()) {
            // Optional: a decoder's new embedding measured on held-out text once added (Event Log).
            grid.addRow(11, new Label("Zero-shot text:"), new PathField("zero-shot-text",
                    viewModel.zeroShotTextProperty(), owner, "optional: a held-out .txt to measure bits per byte on",
                    PathField.Choosers.FILE));
        }
        grid.add(preview, 0, 12, 2, 1);
        GridPane.setHgrow(name, Priority.ALWAYS);
        // Labels keep their width; the fields take the rest.
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.setPrefWidth(660);
        grid.disableProperty().bind(viewModel.addingProperty()); // the add runs with the inputs as they were at OK
        getDialogPane().setContent(new VBox(grid, status(viewModel)));
    }

    /** While OK's add runs, a progress bar; if it failed, why. */
    private static Node status(AddEmbeddingsViewModel viewModel) {
        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        HBox adding = new HBox(8, progress, new Label("Adding…"));
        adding.setId("add-embeddings-progress");
        adding.visibleProperty().bind(viewModel.addingProperty());
        adding.managedProperty().bind(viewModel.addingProperty());
        Label failure = new Label();
        failure.setId("add-embeddings-error");
        failure.getStyleClass().add("danger");
        failure.setWrapText(true);
        failure.textProperty().bind(viewModel.failureProperty());
        failure.visibleProperty().bind(viewModel.failureProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());
        VBox status = new VBox(adding, failure);
        status.setPadding(new Insets(0, 12, 12, 12));
        return status;
    }

    /** A path field with file and folder choosers that also accepts a dropped file. */
    private static PathField pathField(String id, ObjectProperty<Path> property, Window owner) {
        return new PathField(id, property, owner,
                "tokenizer.json, vocab.txt, vocab.json, a folder, or a Hub id (owner/name) — or drop it here",
                PathField.Choosers.FILE_AND_FOLDER);
    }
}
