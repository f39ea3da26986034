package org.embeddingstudio.app.ui.tryit;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Try It tool window: a sentence with a mask, and the predictions side by side. */
public final class TryItView extends BorderPane {
    public TryItView(TryItViewModel viewModel) {
        setId("try-it");
        TextField sentence = new TextField();
        sentence.setId("try-it-text");
        sentence.textProperty().bindBidirectional(viewModel.textProperty());
        sentence.setOnAction(e -> viewModel.predict());
        Button predict = new Button("Predict");
        predict.setDefaultButton(false);
        predict.setOnAction(e -> viewModel.predict());
        HBox input = new HBox(6, sentence, predict);
        HBox.setHgrow(sentence, Priority.ALWAYS);
        input.setPadding(new Insets(6));
        Label activeTitle = new Label();
        activeTitle.textProperty().bind(viewModel.activeTitleProperty());
        VBox active = column(activeTitle, list(viewModel.activePredictions()));
        VBox reference = column(new Label("'default'"), list(viewModel.defaultPredictions()));
        HBox columns = new HBox(8, active, reference);
        HBox.setHgrow(active, Priority.ALWAYS);
        HBox.setHgrow(reference, Priority.ALWAYS);
        columns.setPadding(new Insets(0, 6, 6, 6));
        Label note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(viewModel.noteProperty());
        note.getStyleClass().add("text-muted");
        setTop(input);
        setCenter(columns);
        setBottom(note);
    }

    private static VBox column(Label title, ListView<TryItViewModel.Candidate> list) {
        title.getStyleClass().add("text-bold");
        VBox box = new VBox(4, title, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private static ListView<TryItViewModel.Candidate> list(
            javafx.collections.ObservableList<TryItViewModel.Candidate> items) {
        ListView<TryItViewModel.Candidate> list = new ListView<>(items);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(TryItViewModel.Candidate item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : String.format("%-16s %5.1f %%", item.token(), item.percent()));
            }
        });
        return list;
    }
}
