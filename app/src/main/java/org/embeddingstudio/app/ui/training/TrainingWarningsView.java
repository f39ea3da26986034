package org.embeddingstudio.app.ui.training;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * What to know before Start, under the Start button: that the run would train a reference, with Train a Copy
 * Instead beside it, and that the data may not suit the trained embedding's tokenizer. Hidden while there is none.
 */
final class TrainingWarningsView extends VBox {
    TrainingWarningsView(TrainingWarningsViewModel viewModel, Runnable trainCopyInstead) {
        super(6);
        Label reference = warning("training-reference-warning");
        reference.textProperty().bind(viewModel.referenceWarningProperty());
        Button copy = new Button("Train a Copy Instead");
        copy.setId("training-train-copy");
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.disableProperty().bind(viewModel.canTrainCopyBinding().not());
        copy.setOnAction(e -> trainCopyInstead.run());
        // The text above its button: a wrapping label beside a button in an HBox is cut to one line.
        VBox referenceRow = new VBox(4, reference, copy);
        referenceRow.visibleProperty().bind(reference.textProperty().isNotEmpty());
        referenceRow.managedProperty().bind(referenceRow.visibleProperty());
        Label data = warning("training-data-warning");
        data.textProperty().bind(viewModel.dataWarningProperty());
        data.visibleProperty().bind(data.textProperty().isNotEmpty());
        data.managedProperty().bind(data.visibleProperty());
        getChildren().addAll(referenceRow, data);
        visibleProperty().bind(referenceRow.visibleProperty().or(data.visibleProperty()));
        managedProperty().bind(visibleProperty());
    }

    private static Label warning(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.getStyleClass().add("warning");
        return label;
    }
}
