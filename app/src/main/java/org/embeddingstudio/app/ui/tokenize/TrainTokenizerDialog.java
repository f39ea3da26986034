package org.embeddingstudio.app.ui.tokenize;

import javafx.collections.FXCollections;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.embeddingstudio.app.ui.fx.FormGrid;
import org.embeddingstudio.app.ui.fx.PathField;

/** The Train Tokenizer dialog: binds its fields to {@link TrainTokenizerViewModel}, nothing more. */
public final class TrainTokenizerDialog extends Dialog<ButtonType> {
    public TrainTokenizerDialog(Window owner, TrainTokenizerViewModel viewModel) {
        initOwner(owner);
        setTitle("Train Tokenizer");
        setHeaderText("A vocabulary trained on your corpus, to compare before adding embeddings for it");
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(viewModel.canConfirmBinding().not());
        getDialogPane().setId("train-tokenizer-dialog");

        ChoiceBox<TrainTokenizerViewModel.Type> type = new ChoiceBox<>(FXCollections.observableArrayList(
                viewModel.typeChoices()));
        type.valueProperty().bindBidirectional(viewModel.typeProperty());
        TextField size = new TextField();
        size.setId("train-tokenizer-size");
        size.textProperty().bindBidirectional(viewModel.sizeProperty());
        Label sizeError = new Label();
        sizeError.getStyleClass().add("danger");
        sizeError.textProperty().bind(viewModel.sizeErrorProperty());
        CheckBox lowercase = new CheckBox("Lower-case and strip accents (as bert-base-uncased)");
        lowercase.selectedProperty().bindBidirectional(viewModel.lowercaseProperty());
        lowercase.disableProperty().bind(viewModel.typeProperty()
                .isEqualTo(TrainTokenizerViewModel.Type.BYTE_LEVEL_BPE));

        GridPane grid = FormGrid.create();
        grid.addRow(0, new Label("Corpus:"), new PathField("train-tokenizer-corpus", viewModel.corpusProperty(), owner,
                "a .txt file — or drop it here", PathField.Choosers.FILE));
        grid.add(new Label("UTF-8 text, one text per line"), 1, 1);
        grid.addRow(2, new Label("Model:"), type);
        grid.addRow(3, new Label("Vocabulary size:"), size);
        grid.add(sizeError, 1, 4);
        grid.add(lowercase, 1, 5);
        grid.addRow(6, new Label("Save to folder:"), new PathField("train-tokenizer-output", viewModel.outputProperty(),
                owner, "a new or empty folder", PathField.Choosers.FOLDER));
        getDialogPane().setContent(grid);
    }
}
