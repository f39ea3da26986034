package org.embeddingstudio.app.ui.action;

import javafx.collections.ListChangeListener;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;

/** The Find Action popup: a search field over the list of actions; Enter runs the selected one, Esc closes. */
public final class FindActionPopup extends Popup {
    public FindActionPopup(FindActionViewModel viewModel) {
        TextField search = new TextField();
        search.setId("find-action-field");
        search.setPromptText("Type an action name");
        search.textProperty().bindBidirectional(viewModel.queryProperty());
        ListView<FindActionViewModel.Entry> list = new ListView<>(viewModel.matches());
        list.setId("find-action-list");
        list.setPrefSize(460, 280);
        viewModel.matches().addListener((ListChangeListener<FindActionViewModel.Entry>) c ->
                list.getSelectionModel().selectFirst());
        list.getSelectionModel().selectFirst();
        search.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DOWN) {
                list.getSelectionModel().selectNext();
                event.consume();
            } else if (event.getCode() == KeyCode.UP) {
                list.getSelectionModel().selectPrevious();
                event.consume();
            } else if (event.getCode() == KeyCode.ENTER) {
                hide();
                viewModel.choose(list.getSelectionModel().getSelectedItem());
            } else if (event.getCode() == KeyCode.ESCAPE) {
                hide();
            }
        });
        list.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                hide();
                viewModel.choose(list.getSelectionModel().getSelectedItem());
            }
        });
        VBox box = new VBox(4, search, list);
        box.getStyleClass().add("find-action");
        getContent().add(box);
        setAutoHide(true);
        setOnShown(e -> search.requestFocus());
    }

    /** Shows the popup near the top centre of the window. */
    public void showOver(Window window) {
        show(window, window.getX() + (window.getWidth() - 460) / 2, window.getY() + 90);
    }
}
