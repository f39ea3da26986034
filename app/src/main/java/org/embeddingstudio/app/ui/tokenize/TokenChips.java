package org.embeddingstudio.app.ui.tokenize;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import org.embeddingstudio.core.embedding.RowOrigin;

import java.util.Arrays;

/** Tokens shown as chips coloured by where their embedding row came from, and the legend of those colours. */
public final class TokenChips {
    private TokenChips() {
    }

    /** A chip for one token, in its row origin's colour ({@code studio.css}: {@code .origin-…}). */
    public static Label chip(String text, RowOrigin origin) {
        Label chip = new Label(text);
        chip.getStyleClass().addAll("token-chip", "origin-" + origin.label());
        return chip;
    }

    /** "Rows:" and one chip per origin a token can have. */
    public static FlowPane legend() {
        FlowPane legend = new FlowPane(4, 4);
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.getChildren().add(new Label("Rows:"));
        // No token stands for a padding row, so no chip ever shows one.
        Arrays.stream(RowOrigin.values()).filter(origin -> origin != RowOrigin.UNKNOWN && origin != RowOrigin.PADDING)
                .forEach(origin -> legend.getChildren().add(chip(origin.label(), origin)));
        return legend;
    }
}
