package org.embeddingstudio.app.ui.shell;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool windows as IntelliJ shows them: one a side, sizes kept and restored. */
class ToolWindowsViewModelTest {
    private static ToolWindowsViewModel windows() {
        ToolWindowsViewModel windows = new ToolWindowsViewModel();
        windows.register("model", ToolWindow.Side.LEFT, true, 0.26);
        windows.register("properties", ToolWindow.Side.RIGHT, true, 0.22);
        windows.register("event-log", ToolWindow.Side.BOTTOM, true, 0.33);
        windows.register("try-it", ToolWindow.Side.BOTTOM, false, 0.4);
        windows.register("training", ToolWindow.Side.BOTTOM, false, 0.6);
        return windows;
    }

    @Test
    void showingABottomWindowHidesTheOneShownThereAndLeavesTheSidesAlone() {
        ToolWindowsViewModel windows = windows();
        windows.toggle("training");
        assertTrue(windows.shownProperty("training").get());
        assertFalse(windows.shownProperty("event-log").get(), "one bottom window at a time");
        assertTrue(windows.shownProperty("model").get() && windows.shownProperty("properties").get());
        windows.toggle("training");
        assertFalse(windows.shownProperty("training").get(), "Alt+5 again hides it");
    }

    @Test
    void eachWindowKeepsItsOwnSize() {
        ToolWindowsViewModel windows = windows();
        assertEquals(0.6, windows.shareProperty("training").get(), "Training opens taller than the log");
        windows.shareProperty("event-log").set(0.25);
        windows.toggle("training");
        windows.shareProperty("training").set(0.7);
        windows.toggle("event-log");
        assertEquals(0.25, windows.shareProperty("event-log").get(), "the log comes back at the size it was left");
        assertEquals(0.7, windows.shareProperty("training").get());
    }

    @Test
    void aSavedLayoutIsRestoredWithItsSizesAndUnusableSharesFallBack() {
        ToolWindowsViewModel windows = windows();
        windows.toggle("try-it");
        windows.shareProperty("try-it").set(0.45);
        ToolWindowsViewModel.ToolWindowsLayout saved = windows.layout();
        assertEquals(Set.of("model", "properties", "try-it"), saved.shown());

        ToolWindowsViewModel next = windows();
        next.restore(saved);
        assertTrue(next.shownProperty("try-it").get());
        assertFalse(next.shownProperty("event-log").get());
        assertEquals(0.45, next.shareProperty("try-it").get());

        next.restore(new ToolWindowsViewModel.ToolWindowsLayout(Set.of("gone", "model"),
                Map.of("try-it", Double.NaN, "model", 0.99, "properties", 0.01, "gone", 0.3)));
        assertTrue(next.shownProperty("model").get());
        assertFalse(next.shownProperty("try-it").get());
        assertEquals(0.4, next.shareProperty("try-it").get());
        assertEquals(0.26, next.shareProperty("model").get());
        assertEquals(0.22, next.shareProperty("properties").get());
        assertEquals(0.6, next.shareProperty("training").get(), "a window the file does not name keeps its default");
    }

    @Test
    void hideAllGivesTheEditorTheWindowAndAgainBringsTheSameWindowsBack() {
        ToolWindowsViewModel windows = windows();
        windows.toggle("training");
        windows.hideAllOrRestore();
        assertEquals(Set.of(), windows.layout().shown());
        windows.hideAllOrRestore();
        assertEquals(Set.of("model", "properties", "training"), windows.layout().shown());

        windows.hideAllOrRestore();
        windows.toggle("event-log"); // one shown by hand in between: the next press hides it, and only it
        windows.hideAllOrRestore();
        assertEquals(Set.of(), windows.layout().shown());
        windows.hideAllOrRestore();
        assertEquals(Set.of("event-log"), windows.layout().shown());
    }
}
