package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The questions a view model may ask the user; the app shows dialogs, tests answer directly. */
public interface DialogService {
    boolean confirm(String title, String message);

    /** Save, Don't Save or Cancel: asked before unsaved changes would be lost. */
    UnsavedChanges.Choice askToSave(String title, String message);

    Optional<Path> chooseFolder(String title);

    /** A file to write, with the given extension (".esw"). */
    Optional<Path> chooseFileToSave(String title, String extension);

    /** An existing file to read, with the given extension, several space-separated (".csv .tsv"), or "" for any. */
    Optional<Path> chooseFileToOpen(String title, String extension);

    /** One of {@code choices}, or empty when cancelled. */
    Optional<String> chooseOne(String title, String prompt, List<String> choices);

    /** A message the user acknowledges. */
    void inform(String title, String message);

    Optional<String> askText(String title, String prompt, String initial);
}
