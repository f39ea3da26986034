package org.embeddingstudio.app.ui.action;

import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * Every user-visible command, defined once: its text, description, icon and default shortcut. Menus, the toolbar and
 * Find Action are all built from these.
 */
public enum ActionId {
    OPEN_MODEL("Open Model…", "Open a Hugging Face model folder", Material2MZ.OPEN_IN_BROWSER, "Shortcut+O"),
    OPEN_FROM_CACHE("Open from Hugging Face Cache…", "Open a model Python's huggingface_hub already downloaded",
            Material2AL.CLOUD_DOWNLOAD, null),
    OPEN_FROM_HUB("Open from Hugging Face Hub…", "Download a model by its Hub id into the Hugging Face cache and "
            + "open it", Material2AL.CLOUD, null),
    OPEN_WORKSPACE("Open Workspace…", "Open a saved workspace (*.esw)", Material2AL.FOLDER_OPEN, "Shortcut+Shift+O"),
    SAVE_WORKSPACE("Save Workspace", "Save the workspace and what it needs beside it", Material2MZ.SAVE, "Shortcut+S"),
    SAVE_WORKSPACE_AS("Save Workspace As…", "Save the workspace to a new file", Material2MZ.SAVE_ALT,
            "Shortcut+Shift+S"),
    NEW_DEMO("New Demo Workspace", "Start over on the built-in demo model", Material2AL.DASHBOARD, null),
    UNDO("Undo", "Undo the last change to embeddings", Material2MZ.UNDO, "Shortcut+Z"),
    REDO("Redo", "Redo what was undone", Material2MZ.REDO, "Shortcut+Shift+Z"),
    ADD_EMBEDDINGS("Add Embeddings…", "Add an embedding for a tokenizer's vocabulary", Material2AL.ADD_BOX,
            "Shortcut+N"),
    SET_ACTIVE("Set Active", "Make the selected embedding the active one", Material2AL.CHECK_CIRCLE, "Shortcut+E"),
    RENAME_EMBEDDINGS("Rename…", "Rename the selected embedding", Material2AL.EDIT, "Shift+F6"),
    DELETE_EMBEDDINGS("Delete…", "Delete the selected embedding", Material2AL.DELETE, "Delete"),
    SAVE_EMBEDDINGS("Save Embeddings…", "Save the selected embedding with its tokenizer", Material2MZ.SAVE_ALT,
            "Shortcut+Shift+E"),
    LOAD_EMBEDDINGS("Load Embeddings…", "Load an embeddings folder", Material2AL.FOLDER_OPEN, "Shortcut+L"),
    COMPARE_VOCABULARIES("Compare Vocabularies…", "Open an Overlap tab: what two embeddings' vocabularies share",
            Material2AL.COMPARE_ARROWS, "Shortcut+Shift+V"),
    COMPARE_SEVERAL("Compare Several Vocabularies…", "Open an Intersections tab: an UpSet plot of what several "
            + "vocabularies share", Material2AL.BUBBLE_CHART, null),
    TRAIN_TOKENIZER("Train Tokenizer…", "Train a WordPiece vocabulary on a corpus and save it as a Hugging Face "
            + "tokenizer", Material2MZ.TEXT_FIELDS, null),
    SHOW_PROJECTION("Show Projection…", "Open a Projection tab: a 2-D PCA of an embedding's rows, by row origin",
            Material2MZ.SCATTER_PLOT, "Shortcut+Shift+P"),
    ADD_ADAPTER("Add Adapter…", "Add a bottleneck adapter (seq_bn) to every layer", Material2AL.EXTENSION, null),
    SAVE_ADAPTER("Save Adapter…", "Save the active adapter in adapters' layout, with its head", Material2MZ.SAVE_ALT,
            null),
    LOAD_ADAPTER("Load Adapter…", "Load an adapter folder written here or by adapters", Material2AL.FOLDER_OPEN, null),
    DELETE_ADAPTER("Delete Adapter", "Delete the active adapter", Material2AL.DELETE, null),
    EXPORT_MODEL("Export as Hugging Face Folder…", "Write the model with the active embedding as a Hugging Face folder",
            Material2AL.ARCHIVE, null),
    FIND_ACTION("Find Action…", "Search every action by name", Material2MZ.SEARCH, "Shortcut+Shift+A"),
    SETTINGS("Settings…", "Theme; reopening the last workspace", Material2MZ.SETTINGS, "Shortcut+Alt+S"),
    HIDE_ALL_TOOL_WINDOWS("Hide All Tool Windows", "Give the editor the whole window; again to bring the tool "
            + "windows back", Material2AL.FULLSCREEN, "Shortcut+Shift+F12"),
    TOGGLE_THEME("Toggle Dark Theme", "Switch between the light and dark theme", Material2AL.BRIGHTNESS_6, null),
    EXIT("Exit", "Close Embedding Studio", Material2AL.EXIT_TO_APP, "Shortcut+Q");

    private final String text;
    private final String description;
    private final Ikon icon;
    private final KeyCombination shortcut;

    ActionId(String text, String description, Ikon icon, String shortcut) {
        this.text = text;
        this.description = description;
        this.icon = icon;
        this.shortcut = shortcut == null ? null : KeyCombination.keyCombination(shortcut);
    }

    public String text() {
        return text;
    }

    public String description() {
        return description;
    }

    public Ikon icon() {
        return icon;
    }

    /** The shortcut as the user reads it ("Ctrl+N"), or "". */
    public String shortcutText() {
        return shortcut == null ? "" : shortcut.getDisplayText();
    }

    /** The default shortcut, or null. */
    public KeyCombination shortcut() {
        return shortcut;
    }
}
