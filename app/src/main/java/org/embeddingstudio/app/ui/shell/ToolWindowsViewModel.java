package org.embeddingstudio.app.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tool windows are shown, and the share of the window each side takes. As in IntelliJ, one bottom tool window
 * shows at a time, across the whole width, at about a third of the height; the sizes the user drags to are kept
 * (and, through {@link ToolWindowsLayout}, restored on the next start).
 */
public final class ToolWindowsViewModel {
    /** The bottom tool window's share of the height when nothing else was chosen: IntelliJ's third. */
    public static final double DEFAULT_BOTTOM_SHARE = 0.33;
    public static final double DEFAULT_LEFT_SHARE = 0.24;
    public static final double DEFAULT_RIGHT_SHARE = 0.22;

    /** What is restored on the next start: the shown windows and the three shares. */
    public record ToolWindowsLayout(Set<String> shown, double bottomShare, double leftShare, double rightShare) {
    }

    private final Map<String, BooleanProperty> shown = new LinkedHashMap<>();
    private final Map<String, ToolWindow.Side> sides = new LinkedHashMap<>();
    private final DoubleProperty bottomShare = new SimpleDoubleProperty(DEFAULT_BOTTOM_SHARE);
    private final DoubleProperty leftShare = new SimpleDoubleProperty(DEFAULT_LEFT_SHARE);
    private final DoubleProperty rightShare = new SimpleDoubleProperty(DEFAULT_RIGHT_SHARE);

    public void register(String id, ToolWindow.Side side, boolean initiallyShown) {
        BooleanProperty property = new SimpleBooleanProperty(initiallyShown);
        shown.put(id, property);
        sides.put(id, side);
        property.addListener((o, was, now) -> {
            if (now) {
                hideOthersOn(side, id);
            }
        });
        if (initiallyShown) {
            hideOthersOn(side, id);
        }
    }

    /** One window a side: showing one hides the one shown there before. */
    private void hideOthersOn(ToolWindow.Side side, String id) {
        sides.forEach((other, otherSide) -> {
            if (otherSide == side && !other.equals(id)) {
                shown.get(other).set(false);
            }
        });
    }

    public BooleanProperty shownProperty(String id) {
        BooleanProperty property = shown.get(id);
        if (property == null) {
            throw new IllegalArgumentException("no tool window " + id);
        }
        return property;
    }

    public void toggle(String id) {
        BooleanProperty property = shownProperty(id);
        property.set(!property.get());
    }

    public Set<String> ids() {
        return shown.keySet();
    }

    /** The bottom window's share of the height, 0 to 1. */
    public DoubleProperty bottomShareProperty() {
        return bottomShare;
    }

    /** The left window's share of the width. */
    public DoubleProperty leftShareProperty() {
        return leftShare;
    }

    /** The right window's share of the width. */
    public DoubleProperty rightShareProperty() {
        return rightShare;
    }

    /** The layout as it is now, to restore on the next start. */
    public ToolWindowsLayout layout() {
        return new ToolWindowsLayout(shown.entrySet().stream().filter(e -> e.getValue().get()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new)), bottomShare.get(), leftShare.get(),
                rightShare.get());
    }

    /** Restores a saved layout: windows it names are shown (others hidden), shares kept within sensible bounds. */
    public void restore(ToolWindowsLayout layout) {
        shown.forEach((id, property) -> property.set(false));
        layout.shown().stream().filter(shown::containsKey).forEach(id -> shown.get(id).set(true));
        bottomShare.set(clamp(layout.bottomShare(), DEFAULT_BOTTOM_SHARE));
        leftShare.set(clamp(layout.leftShare(), DEFAULT_LEFT_SHARE));
        rightShare.set(clamp(layout.rightShare(), DEFAULT_RIGHT_SHARE));
    }

    private static double clamp(double share, double fallback) {
        return Double.isFinite(share) && share >= 0.1 && share <= 0.8 ? share : fallback;
    }
}
