package org.embeddingstudio.app.ui.hub;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;

/**
 * The 'Open from Hugging Face Hub…' dialog: binds to {@link HubDownloadViewModel}, nothing more. Download and Cancel
 * keep the dialog open while work runs (Cancel then stops the transfer); it closes once the model is downloaded.
 */
public final class HubDownloadDialog extends Dialog<ButtonType> {
    static final ButtonType DOWNLOAD = new ButtonType("Download and Open", ButtonBar.ButtonData.OK_DONE);

    public HubDownloadDialog(Window owner, HubDownloadViewModel viewModel) {
        initOwner(owner);
        setTitle("Open from Hugging Face Hub");
        setHeaderText("A model by its Hub id, fetched into the Hugging Face cache Python uses too");
        setResizable(true);
        getDialogPane().setId("hub-download-dialog");
        getDialogPane().getButtonTypes().addAll(DOWNLOAD, ButtonType.CANCEL);

        TextField id = new TextField();
        id.setId("hub-model-id");
        id.setPromptText("e.g. bert-base-multilingual-cased or someone/model@revision");
        id.textProperty().bindBidirectional(viewModel.idProperty());
        id.disableProperty().bind(viewModel.busyProperty());
        Button list = new Button("List Files");
        list.setId("hub-list-files");
        list.disableProperty().bind(viewModel.canStartBinding().not());
        list.setOnAction(e -> viewModel.listFiles());
        id.setOnAction(e -> viewModel.listFiles());
        HBox idRow = new HBox(8, new Label("Model id:"), id, list);
        HBox.setHgrow(id, Priority.ALWAYS);
        idRow.setAlignment(Pos.BASELINE_LEFT);

        TableView<HubFileRow> table = new TableView<>(viewModel.files());
        table.setId("hub-files");
        table.setPlaceholder(new Label("List the files to see what will be downloaded"));
        table.setPrefHeight(220);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<HubFileRow, String> name = new TableColumn<>("File");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        name.setPrefWidth(260);
        TableColumn<HubFileRow, String> size = new TableColumn<>("Size");
        size.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().size()));
        size.setPrefWidth(90);
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<HubFileRow, Number> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().progressProperty());
        progress.setCellFactory(c -> new ProgressCell());
        progress.setPrefWidth(160);
        TableColumn<HubFileRow, String> status = new TableColumn<>("");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setPrefWidth(70);
        table.getColumns().setAll(List.of(name, size, progress, status));

        Label message = new Label();
        message.setId("hub-message");
        message.setWrapText(true);
        message.setMaxWidth(620);
        message.textProperty().bind(viewModel.messageProperty());
        viewModel.failedProperty().addListener((o, was, now) -> {
            if (now) {
                message.getStyleClass().add("danger");
            } else {
                message.getStyleClass().remove("danger");
            }
        });

        VBox content = new VBox(10, idRow, table, message);
        content.setPadding(new Insets(12));
        content.setPrefWidth(640);
        VBox.setVgrow(table, Priority.ALWAYS);
        getDialogPane().setContent(content);

        Button download = (Button) getDialogPane().lookupButton(DOWNLOAD);
        download.disableProperty().bind(viewModel.canStartBinding().not());
        download.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.download();
        });
        Button cancel = (Button) getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.addEventFilter(ActionEvent.ACTION, e -> {
            if (viewModel.busyProperty().get()) {
                e.consume();
                viewModel.cancel();
            }
        });
        viewModel.downloadedProperty().addListener((o, was, now) -> {
            if (now != null) {
                setResult(DOWNLOAD);
                close();
            }
        });
        setOnCloseRequest(e -> {
            if (viewModel.busyProperty().get()) {
                e.consume();
                viewModel.cancel();
            }
        });
        setOnShown(e -> id.requestFocus());
    }

    /** A progress bar, indeterminate while the size is unknown. */
    private static final class ProgressCell extends TableCell<HubFileRow, Number> {
        private final ProgressBar bar = new ProgressBar(0);

        ProgressCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null) {
                setGraphic(null);
            } else {
                bar.setProgress(value.doubleValue());
                setGraphic(bar);
            }
        }
    }
}
