package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The questions a view model may ask the user; the app shows dialogs, tests answer directly. */
public interface DialogService {
    boolean confirm(String title, String message);

    /**
     * A confirmation whose button names the action ("Delete"), as IntelliJ's dialogs do: the user reads what the
     * button does, not "OK".
     */
    default boolean confirm(String title, String message, String action) {
        return confirm(title, message);
    }

    /** Save, Don't Save or Cancel: asked before unsaved changes would be lost. */
    UnsavedChanges.Choice askToSave(String title, String message);

    Optional<Path> chooseFolder(String title);

    /**
     * A file to write, the chooser opening on {@code suggestedName} ("german.esw"), whose extension the file gets
     * when the user types a name without it.
     */
    Optional<Path> chooseFileToSave(String title, String suggestedName);

    /** An existing file to read, with the given extension, several space-separated (".csv .tsv"), or "" for any. */
    Optional<Path> chooseFileToOpen(String title, String extension);

    /** One of {@code choices}, or empty when cancelled. */
    Optional<String> chooseOne(String title, String prompt, List<String> choices);

    /** One of {@code choices}, offered with {@code current} selected (the setting in effect), or empty. */
    default Optional<String> chooseOne(String title, String prompt, List<String> choices, String current) {
        return chooseOne(title, prompt, choices);
    }

    /** A message the user acknowledges. */
    void inform(String title, String message);

    Optional<String> askText(String title, String prompt, String initial);
}
