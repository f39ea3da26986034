package org.embeddingstudio.app.ui.workspace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names save dialogs open on: what is saved, spelled so that every file system takes it. */
class SuggestedFileNameTest {
    @Test
    void joinsWhatIsSavedWithHyphens() {
        assertEquals("german-vs-default-tokens.csv", SuggestedFileName.of(".csv", "german", "vs", "default", "tokens"));
    }

    @Test
    void replacesWhatFileSystemsRefuseAndKeepsLettersOfEveryScript() {
        assertEquals("xlm-r-base-si.esw", SuggestedFileName.of(".esw", "XLM-R base: si"));
        assertEquals("a-b-c.png", SuggestedFileName.of(".png", " a/b\\c* "));
        assertEquals("日本語-projection.png", SuggestedFileName.of(".png", "日本語", "projection"));
        assertEquals("hidden.esw", SuggestedFileName.of(".esw", "..hidden"), "no dot file");
    }

    @Test
    void nothingToNameItByGivesUntitled() {
        assertEquals("untitled.esw", SuggestedFileName.of(".esw", "", null, "  "));
    }
}
