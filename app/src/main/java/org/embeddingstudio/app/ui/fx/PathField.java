package org.embeddingstudio.app.ui.fx;

import javafx.animation.PauseTransition;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A path typed, chosen (file and/or folder chooser) or dropped, kept in step with a view model's path property in
 * both directions.
 */
public final class PathField extends HBox {
    /** Which choosers the field offers. */
    /** Which chooser buttons follow the field; NONE: the caller puts its own beside it (with its file filters). */
    public enum Choosers { FILE, FOLDER, FILE_AND_FOLDER, NONE }

    /** How long typing must pause before the typed path is taken. */
    static final Duration TYPING_PAUSE = Duration.millis(500);

    public PathField(String id, ObjectProperty<Path> property, Window owner, String prompt, Choosers choosers) {
        super(6);
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(30);
        if (property.get() != null) {
            field.setText(property.get().toString()); // a path chosen before the field existed (a pre-filled dialog)
        }
        // The path is taken when it is committed — Enter, leaving the field, a pause in typing — not on every
        // keystroke: each partial path ("/", "/h", "/ho", …) would start a load that can only fail.
        Runnable commit = () -> {
            String text = field.getText();
            Path typed = text == null || text.isBlank() ? null : Path.of(text.strip());
            if (!Objects.equals(typed, property.get())) {
                property.set(typed);
            }
        };
        PauseTransition pause = new PauseTransition(TYPING_PAUSE);
        pause.setOnFinished(e -> commit.run());
        field.textProperty().addListener((o, a, text) -> {
            if (!Objects.equals(text, property.get() == null ? "" : property.get().toString())) {
                pause.playFromStart();
            }
        });
        field.setOnAction(e -> {
            pause.stop();
            commit.run();
        });
        field.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                pause.stop();
                commit.run();
            }
        });
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
        if (choosers == Choosers.FILE || choosers == Choosers.FILE_AND_FOLDER) {
            Button file = new Button("File…");
            file.setTooltip(new Tooltip("Choose a file"));
            file.setMinWidth(Region.USE_PREF_SIZE); // the text field gives way, never the button's label
            file.setOnAction(e -> choose(new FileChooser().showOpenDialog(owner), property));
            getChildren().add(file);
        }
        if (choosers == Choosers.FOLDER || choosers == Choosers.FILE_AND_FOLDER) {
            Button folder = new Button("Folder…");
            folder.setTooltip(new Tooltip("Choose a folder"));
            folder.setMinWidth(Region.USE_PREF_SIZE);
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
