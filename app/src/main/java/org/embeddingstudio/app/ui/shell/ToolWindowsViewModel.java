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
 * Which tool windows are shown, and the share of the window each takes. As in IntelliJ, one window a side shows at a
 * time, and each window keeps its own size: the Training window, with its form, curve and results, opens taller than
 * the Event Log. The sizes the user drags to are kept (and, through {@link ToolWindowsLayout}, restored on the next
 * start).
 */
public final class ToolWindowsViewModel {
    /** A share outside these bounds (a corrupt settings file, a window dragged shut) falls back to the default. */
    static final double MIN_SHARE = 0.1;
    static final double MAX_SHARE = 0.8;

    /** What is restored on the next start: the shown windows and each window's share, by id. */
    public record ToolWindowsLayout(Set<String> shown, Map<String, Double> shares) {
        public ToolWindowsLayout {
            shown = Set.copyOf(shown);
            shares = Map.copyOf(shares);
        }
    }

    private final Map<String, BooleanProperty> shown = new LinkedHashMap<>();
    private final Map<String, ToolWindow.Side> sides = new LinkedHashMap<>();
    private final Map<String, DoubleProperty> shares = new LinkedHashMap<>();
    private final Map<String, Double> defaultShares = new LinkedHashMap<>();
    private final Set<String> hiddenTogether = new LinkedHashSet<>();

    /**
     * @param share the window's share of the width (left, right) or height (bottom) until the user drags it
     */
    public void register(String id, ToolWindow.Side side, boolean initiallyShown, double share) {
        BooleanProperty property = new SimpleBooleanProperty(initiallyShown);
        shown.put(id, property);
        sides.put(id, side);
        shares.put(id, new SimpleDoubleProperty(share));
        defaultShares.put(id, share);
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
        return known(shown, id);
    }

    public void toggle(String id) {
        BooleanProperty property = shownProperty(id);
        property.set(!property.get());
    }

    public Set<String> ids() {
        return shown.keySet();
    }

    /**
     * As IntelliJ's Ctrl+Shift+F12: hides every shown tool window, so the editor (a vocabulary comparison, a
     * projection) has the whole window; with none shown, brings back those it hid.
     */
    public void hideAllOrRestore() {
        Set<String> showing = layout().shown();
        if (!showing.isEmpty()) {
            hiddenTogether.clear();
            hiddenTogether.addAll(showing);
            showing.forEach(id -> shown.get(id).set(false));
        } else {
            hiddenTogether.forEach(id -> shown.get(id).set(true));
            hiddenTogether.clear();
        }
    }

    /** The window's share of the width (left, right) or height (bottom), 0 to 1. */
    public DoubleProperty shareProperty(String id) {
        return known(shares, id);
    }

    /** The layout as it is now, to restore on the next start. */
    public ToolWindowsLayout layout() {
        Map<String, Double> now = new LinkedHashMap<>();
        shares.forEach((id, share) -> now.put(id, share.get()));
        return new ToolWindowsLayout(shown.entrySet().stream().filter(e -> e.getValue().get()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new)), now);
    }

    /**
     * Restores a saved layout: windows it names are shown (others hidden); each share it holds within sensible bounds
     * is taken, the others keep their defaults.
     */
    public void restore(ToolWindowsLayout layout) {
        shown.forEach((id, property) -> property.set(false));
        layout.shown().stream().filter(shown::containsKey).forEach(id -> shown.get(id).set(true));
        shares.forEach((id, share) -> {
            Double saved = layout.shares().get(id);
            share.set(saved != null && saved >= MIN_SHARE && saved <= MAX_SHARE ? saved : defaultShares.get(id));
        });
    }

    private static <T> T known(Map<String, T> byId, String id) {
        T value = byId.get(id);
        if (value == null) {
            throw new IllegalArgumentException("no tool window " + id);
        }
        return value;
    }
}
