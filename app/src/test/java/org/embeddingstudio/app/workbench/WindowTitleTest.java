package org.embeddingstudio.app.workbench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowTitleTest {
    @Test
    void theWorkspaceFileIsNamedBeforeTheModelAndAStarMarksUnsavedChanges() {
        assertEquals("*Embedding Studio — demo.esw", WindowTitle.title(true, Path.of("/work/demo.esw"), "tiny-bert"));
        assertEquals("Embedding Studio — tiny-bert", WindowTitle.title(false, null, "tiny-bert"));
        assertEquals("Embedding Studio — no model", WindowTitle.title(false, null, ""));
    }
}
