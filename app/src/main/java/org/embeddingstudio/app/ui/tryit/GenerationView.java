package org.embeddingstudio.app.ui.tryit;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.embeddingstudio.app.ui.tokenize.TokenChips;

/**
 * Try It's Generate tab: a prompt, greedy or sampled settings, and the continuation under the active embedding
 * beside the one under "default", token chips coloured by row origin (the prompt's chips faded). Binds to
 * {@link GenerationViewModel} only.
 */
final class GenerationView extends BorderPane {
    GenerationView(GenerationViewModel viewModel) {
        setId("try-it-generation");
        TextField prompt = new TextField();
        prompt.setId("try-it-prompt");
        prompt.setPromptText("A prompt to continue");
        prompt.textProperty().bindBidirectional(viewModel.promptProperty());
        prompt.setOnAction(e -> viewModel.generate());
        Button generate = new Button("Generate");
        generate.setId("try-it-generate");
        generate.setMinWidth(Region.USE_PREF_SIZE);
        generate.setOnAction(e -> viewModel.generate());
        CheckBox sampled = new CheckBox("Sample");
        sampled.setMinWidth(Region.USE_PREF_SIZE);
        sampled.selectedProperty().bindBidirectional(viewModel.samplingProperty());
        TextField temperature = number(viewModel.temperatureProperty().get(), 3);
        temperature.textProperty().bindBidirectional(viewModel.temperatureProperty());
        TextField topK = number(viewModel.topKProperty().get(), 3);
        topK.textProperty().bindBidirectional(viewModel.topKProperty());
        TextField seed = number(viewModel.seedProperty().get(), 4);
        seed.textProperty().bindBidirectional(viewModel.seedProperty());
        // The sampler's settings show only while sampling: the results keep the room of a short tool window.
        HBox sampling = new HBox(6, label("Temperature"), temperature, label("Top-k"), topK, label("Seed"), seed);
        sampling.setAlignment(Pos.CENTER_LEFT);
        sampling.visibleProperty().bind(sampled.selectedProperty());
        sampling.managedProperty().bind(sampled.selectedProperty());
        TextField tokens = number(viewModel.maxNewTokensProperty().get(), 3);
        tokens.setId("try-it-max-tokens");
        tokens.textProperty().bindBidirectional(viewModel.maxNewTokensProperty());
        HBox input = new HBox(6, prompt, label("New tokens"), tokens, sampled, sampling, generate);
        input.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        input.setPadding(new Insets(6));

        Label activeTitle = title();
        activeTitle.textProperty().bind(viewModel.activeTitleProperty());
        Label referenceTitle = title();
        referenceTitle.setText("'default'");
        VBox active = column(activeTitle, viewModel.activeTokens(), "try-it-active-continuation");
        VBox reference = column(referenceTitle, viewModel.defaultTokens(), "try-it-default-continuation");
        HBox columns = new HBox(8, active, reference);
        HBox.setHgrow(active, Priority.ALWAYS);
        HBox.setHgrow(reference, Priority.ALWAYS);
        active.prefWidthProperty().bind(columns.widthProperty().divide(2));
        reference.prefWidthProperty().bind(columns.widthProperty().divide(2));
        VBox results = new VBox(6, columns, TokenChips.legend());
        results.setPadding(new Insets(0, 6, 6, 6));
        ScrollPane scroll = new ScrollPane(results);
        scroll.setFitToWidth(true);
        setTop(input);
        setCenter(scroll);
    }

    private static VBox column(Label title, ObservableList<GenerationViewModel.GeneratedToken> tokens, String id) {
        FlowPane chips = new FlowPane(2, 3);
        chips.setId(id);
        chips.getStyleClass().add("token-chips");
        tokens.addListener((ListChangeListener<GenerationViewModel.GeneratedToken>) change ->
                chips.getChildren().setAll(tokens.stream().map(GenerationView::chip).toList()));
        VBox column = new VBox(4, title, chips);
        column.setMinWidth(0);
        chips.prefWrapLengthProperty().bind(column.widthProperty());
        return column;
    }

    private static Label chip(GenerationViewModel.GeneratedToken token) {
        Label chip = TokenChips.chip(token.text(), token.origin());
        if (token.prompt()) {
            chip.getStyleClass().add("token-prompt");
        }
        if (!token.addsText()) {
            chip.getStyleClass().add("token-no-text"); // shown as the token: it adds no text of its own
        }
        return chip;
    }

    private static Label title() {
        Label title = new Label();
        title.getStyleClass().add("text-bold");
        return title;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static TextField number(String text, int columns) {
        TextField field = new TextField(text);
        field.setPrefColumnCount(columns);
        field.setMinWidth(Region.USE_PREF_SIZE);
        return field;
    }
}
