package org.embeddingstudio.app.ui.tryit;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The Try It tool window: sentence similarity (two sentences, their cosine under the active embedding and under
 * "default") and fill-mask (a sentence with a mask, the predictions side by side), one tab each; the model decides
 * which one opens. For a decoder, one tab: Generate ({@link GenerationView}).
 */
public final class TryItView extends BorderPane {
    public TryItView(TryItViewModel viewModel) {
        setId("try-it");
        Tab similarity = new Tab("Sentence Similarity", similarity(viewModel));
        Tab fillMask = new Tab("Fill Mask", fillMask(viewModel));
        Tab generate = new Tab("Generate", new GenerationView(viewModel.generation()));
        TabPane tabs = new TabPane();
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // An encoder fills masks or compares sentences; a decoder continues prompts: only its own tabs show.
        Runnable showTabs = () -> {
            tabs.getTabs().setAll(viewModel.decoderProperty().get() ? List.of(generate) : List.of(similarity,
                    fillMask));
            tabs.getSelectionModel().select(switch (viewModel.modeProperty().get()) {
                case SIMILARITY -> similarity;
                case FILL_MASK -> fillMask;
                case GENERATE -> generate;
            });
        };
        showTabs.run();
        viewModel.decoderProperty().addListener((o, a, b) -> showTabs.run());
        viewModel.modeProperty().addListener((o, a, mode) -> showTabs.run());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (tab == similarity || tab == fillMask) {
                viewModel.modeProperty().set(tab == fillMask ? TryItViewModel.Mode.FILL_MASK
                        : TryItViewModel.Mode.SIMILARITY);
            }
        });
        Label note = new Label();
        note.setWrapText(true);
        note.textProperty().bind(Bindings.when(viewModel.decoderProperty())
                .then(viewModel.generation().noteProperty()).otherwise(viewModel.noteProperty()));
        note.getStyleClass().add("text-muted");
        note.setPadding(new Insets(0, 6, 6, 6));
        setCenter(tabs);
        setBottom(note);
    }

    private static Node similarity(TryItViewModel viewModel) {
        TextField first = sentence("try-it-first", viewModel.firstSentenceProperty().get());
        first.textProperty().bindBidirectional(viewModel.firstSentenceProperty());
        TextField second = sentence("try-it-second", viewModel.secondSentenceProperty().get());
        second.textProperty().bindBidirectional(viewModel.secondSentenceProperty());
        first.setOnAction(e -> viewModel.compare());
        second.setOnAction(e -> viewModel.compare());
        Button compare = new Button("Compare");
        compare.setId("try-it-compare");
        compare.setMinWidth(Region.USE_PREF_SIZE);
        compare.setOnAction(e -> viewModel.compare());
        Label activeTitle = new Label();
        activeTitle.textProperty().bind(viewModel.activeTitleProperty());
        Label active = figure("try-it-active-similarity");
        active.textProperty().bind(viewModel.activeSimilarityProperty());
        Label reference = figure("try-it-default-similarity");
        reference.textProperty().bind(viewModel.defaultSimilarityProperty());
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        grid.addRow(0, label("Sentence A"), first);
        grid.addRow(1, label("Sentence B"), second, compare);
        activeTitle.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(2, activeTitle, active);
        grid.addRow(3, label("'default'"), reference);
        GridPane.setHgrow(first, Priority.ALWAYS);
        GridPane.setHgrow(second, Priority.ALWAYS);
        // In a short tool window the rows keep their height and scroll, rather than being drawn over each other.
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static Node fillMask(TryItViewModel viewModel) {
        TextField sentence = new TextField();
        sentence.setId("try-it-text");
        sentence.textProperty().bindBidirectional(viewModel.textProperty());
        sentence.setOnAction(e -> viewModel.predict());
        Button predict = new Button("Predict");
        predict.setDefaultButton(false);
        predict.setMinWidth(Region.USE_PREF_SIZE);
        predict.setOnAction(e -> viewModel.predict());
        HBox input = new HBox(6, sentence, predict);
        input.setAlignment(Pos.CENTER_LEFT);
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
        BorderPane pane = new BorderPane(columns);
        pane.setTop(input);
        return pane;
    }

    private static TextField sentence(String id, String text) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setPrefColumnCount(30);
        return field;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label figure(String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("text-bold");
        return label;
    }

    private static VBox column(Label title, ListView<TryItViewModel.Candidate> list) {
        title.getStyleClass().add("text-bold");
        VBox box = new VBox(4, title, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private static ListView<TryItViewModel.Candidate> list(ObservableList<TryItViewModel.Candidate> items) {
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
