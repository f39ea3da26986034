package org.embeddingstudio.app.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TextInputDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.UnsavedChanges;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Dialogs shown over the main window. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    @Override
    public boolean confirm(String title, String message, String action) {
        ButtonType act = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, act, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(act::equals).isPresent();
    }

    @Override
    public UnsavedChanges.Choice askToSave(String title, String message) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType dontSave = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.WARNING, message, save, dontSave, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        ButtonType answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        return answer == save ? UnsavedChanges.Choice.SAVE : answer == dontSave ? UnsavedChanges.Choice.DONT_SAVE
                : UnsavedChanges.Choice.CANCEL;
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        File folder = chooser.showDialog(owner.get());
        return Optional.ofNullable(folder).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName) {
        int dot = suggestedName.lastIndexOf('.');
        String extension = dot < 0 ? "" : suggestedName.substring(dot);
        FileChooser chooser = chooser(title, extension);
        chooser.setInitialFileName(suggestedName);
        File file = chooser.showSaveDialog(owner.get());
        if (file == null) {
            return Optional.empty();
        }
        Path path = file.toPath();
        return Optional.of(path.getFileName().toString().endsWith(extension) ? path
                : path.resolveSibling(path.getFileName() + extension));
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, String extension) {
        return Optional.ofNullable(chooser(title, extension).showOpenDialog(owner.get())).map(File::toPath);
    }

    private static FileChooser chooser(String title, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        if (extension.isBlank()) {
            return chooser;
        }
        List<String> patterns = Arrays.stream(extension.strip().split(" +")).map(e -> "*" + e)
                .toList();
        String kind = switch (extension) {
            case ".esw" -> "Embedding Studio workspace";
            case ".csv" -> "CSV table";
            case ".png" -> "PNG image";
            case ".txt" -> "Text";
            case ".json" -> "JSON";
            default -> "Files";
        };
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(kind + " (" + String.join(", ", patterns)
                + ")", patterns), new FileChooser.ExtensionFilter("All files", "*"));
        return chooser;
    }

    @Override
    public Optional<String> chooseOne(String title, String prompt, List<String> choices) {
        return chooseOne(title, prompt, choices, choices.get(0));
    }

    @Override
    public Optional<String> chooseOne(String title, String prompt, List<String> choices, String current) {
        ChoiceDialog<String> dialog = new ChoiceDialog<>(choices.contains(current) ? current : choices.get(0),
                choices);
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(prompt);
        return dialog.showAndWait();
    }

    @Override
    public void inform(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, message, ButtonType.OK);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.showAndWait();
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(prompt);
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }
}
