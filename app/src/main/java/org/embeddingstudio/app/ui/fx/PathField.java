package org.embeddingstudio.app.ui.fx;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;

/**
 * A path typed, chosen (file and/or folder chooser) or dropped, kept in step with a view model's path property in
 * both directions.
 */
public final class PathField extends HBox {
    /** Which choosers the field offers. */
    public enum Choosers { FILE, FOLDER, FILE_AND_FOLDER }

    public PathField(String id, ObjectProperty<Path> property, Window owner, String prompt, Choosers choosers) {
        super(6);
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(30);
        field.textProperty().addListener((o, a, text) -> property.set(text == null || text.isBlank() ? null
                : Path.of(text.strip())));
        property.addListener((o, a, path) -> {
            String text = path == null ? "" : path.toString();
            if (!text.equals(field.getText())) {
                field.setText(text);
            }
        });
        field.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        field.setOnDragDropped(e -> {
            if (e.getDragboard().hasFiles()) {
                property.set(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(true);
            e.consume();
        });
        getChildren().add(field);
        HBox.setHgrow(field, Priority.ALWAYS);
        if (choosers != Choosers.FOLDER) {
            Button file = new Button("File…");
            file.setOnAction(e -> choose(new FileChooser().showOpenDialog(owner), property));
            getChildren().add(file);
        }
        if (choosers != Choosers.FILE) {
            Button folder = new Button("Folder…");
            folder.setOnAction(e -> choose(new DirectoryChooser().showDialog(owner), property));
            getChildren().add(folder);
        }
    }

    private static void choose(File chosen, ObjectProperty<Path> property) {
        if (chosen != null) {
            property.set(chosen.toPath());
        }
    }
}
