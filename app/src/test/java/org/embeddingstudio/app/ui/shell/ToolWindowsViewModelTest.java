package org.embeddingstudio.app.ui.shell;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool windows as IntelliJ shows them: one a side, sizes kept and restored. */
class ToolWindowsViewModelTest {
    private static ToolWindowsViewModel windows() {
        ToolWindowsViewModel windows = new ToolWindowsViewModel();
        windows.register("model", ToolWindow.Side.LEFT, true);
        windows.register("properties", ToolWindow.Side.RIGHT, true);
        windows.register("event-log", ToolWindow.Side.BOTTOM, true);
        windows.register("try-it", ToolWindow.Side.BOTTOM, false);
        windows.register("training", ToolWindow.Side.BOTTOM, false);
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
        assertEquals(ToolWindowsViewModel.DEFAULT_BOTTOM_SHARE, windows.bottomShareProperty().get(),
                "a third of the height until the user drags it");
    }

    @Test
    void aSavedLayoutIsRestoredWithItsSizesAndUnusableSharesFallBack() {
        ToolWindowsViewModel windows = windows();
        windows.toggle("try-it");
        windows.bottomShareProperty().set(0.45);
        ToolWindowsViewModel.ToolWindowsLayout saved = windows.layout();
        assertEquals(Set.of("model", "properties", "try-it"), saved.shown());

        ToolWindowsViewModel next = windows();
        next.restore(saved);
        assertTrue(next.shownProperty("try-it").get());
        assertFalse(next.shownProperty("event-log").get());
        assertEquals(0.45, next.bottomShareProperty().get());

        next.restore(new ToolWindowsViewModel.ToolWindowsLayout(Set.of("gone", "model"), Double.NaN, 0.99, 0.01));
        assertTrue(next.shownProperty("model").get());
        assertFalse(next.shownProperty("try-it").get());
        assertEquals(ToolWindowsViewModel.DEFAULT_BOTTOM_SHARE, next.bottomShareProperty().get());
        assertEquals(ToolWindowsViewModel.DEFAULT_LEFT_SHARE, next.leftShareProperty().get());
        assertEquals(ToolWindowsViewModel.DEFAULT_RIGHT_SHARE, next.rightShareProperty().get());
    }
}
