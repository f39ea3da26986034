package org.embeddingstudio.app.ui.tokenize;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.embeddingstudio.app.ui.fx.NextFrameUpdate;

import java.util.Locale;

/**
 * The Tokenize tool window: a sentence, then one line per tokenizer with its tokens as chips coloured by where each
 * token's embedding row comes from, and a legend. Binds to {@link TokenizeViewModel} only.
 */
public final class TokenizeView extends BorderPane {
    private final VBox lines = new VBox(8);
    /** Id and origin of the chip under the pointer: one label for all chips (a tooltip each made a model open slow). */
    private final Label hovered = new Label(" ");

    public TokenizeView(TokenizeViewModel viewModel) {
        setId("tokenize");
        TextField sentence = new TextField();
        sentence.setId("tokenize-text");
        sentence.setPromptText("A sentence to tokenize with every embedding's tokenizer");
        sentence.textProperty().bindBidirectional(viewModel.textProperty());
        Label note = new Label();
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        note.textProperty().bind(viewModel.noteProperty());
        hovered.getStyleClass().add("text-muted");
        VBox top = new VBox(4, sentence, TokenChips.legend(), note, hovered);
        top.setPadding(new Insets(6));
        // Rebuilt a frame after a change (coalesced), and only while the window is on screen: a hidden Tokenize window
        // costs nothing when a model opens.
        NextFrameUpdate rebuild = new NextFrameUpdate(() -> {
            if (getScene() != null) {
                show(viewModel);
            }
        });
        viewModel.tokenizations().addListener((ListChangeListener<TokenizeViewModel.Tokenization>) change ->
                rebuild.request());
        sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                rebuild.request();
            }
        });
        lines.setPadding(new Insets(0, 6, 6, 6));
        ScrollPane scroll = new ScrollPane(lines);
        scroll.setFitToWidth(true);
        setTop(top);
        setCenter(scroll);
    }

    private void show(TokenizeViewModel viewModel) {
        lines.getChildren().setAll(viewModel.tokenizations().stream().map(this::line).toList());
    }

    private VBox line(TokenizeViewModel.Tokenization tokenization) {
        Label title = new Label(String.format(Locale.ROOT, "%s%s · %,d tokens · %.2f per word",
                tokenization.embedding(), tokenization.active() ? " (active)" : "", tokenization.pieces().size(),
                tokenization.fertility()));
        title.getStyleClass().add("text-bold");
        FlowPane chips = new FlowPane(3, 3);
        chips.getStyleClass().add("token-chips");
        for (TokenizeViewModel.Piece piece : tokenization.pieces()) {
            Label chip = TokenChips.chip(piece.readable(), piece.origin());
            String detail = tokenization.embedding() + ": '" + piece.readable() + "'"
                    + (piece.readable().equals(piece.token()) ? "" : " (raw '" + piece.token() + "')") + " id "
                    + piece.id() + " · row " + piece.origin().label();
            chip.setOnMouseEntered(e -> hovered.setText(detail));
            chip.setOnMouseExited(e -> hovered.setText(" "));
            chips.getChildren().add(chip);
        }
        return new VBox(3, title, chips);
    }
}
