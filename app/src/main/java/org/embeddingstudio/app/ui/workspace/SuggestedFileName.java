package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The file name a save dialog opens on, made from what is being saved ("german-vs-default-tokens.csv"): the user
 * confirms with Enter instead of inventing a name, as IntelliJ's export dialogs offer one.
 */
public final class SuggestedFileName {
    private SuggestedFileName() {
    }

    /**
     * The non-blank parts joined by '-', each with characters that file systems refuse or shells trip over replaced,
     * then the extension (".csv"); "untitled" when no part is left.
     */
    public static String of(String extension, String... parts) {
        String stem = Arrays.stream(parts).filter(Objects::nonNull).map(SuggestedFileName::safe)
                .filter(part -> !part.isEmpty()).collect(Collectors.joining("-"));
        return (stem.isEmpty() ? "untitled" : stem) + extension;
    }

    /** What Save Workspace As offers: the workspace's own file name, else one named after the model. */
    public static String ofWorkspace(WorkspaceViewModel workspace) {
        Path file = workspace.workspaceFileProperty().get();
        return file != null ? file.getFileName().toString() : of(".esw", workspace.modelNameProperty().get());
    }

    private static String safe(String part) {
        return part.strip().replaceAll("[\\\\/:*?\"<>|\\s\\p{Cntrl}]+", "-").replaceAll("^[-.]+|-+$", "")
                .toLowerCase(Locale.ROOT);
    }
}
