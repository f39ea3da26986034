package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.core.overlap.OverlapBreakdown;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One bar of a breakdown: a group of A's tokens ("Word initial", "Latin") and how many of them copy a row of B. */
public record BreakdownBar(String label, int tokens, int copied) {
    /** A bar per group, the largest first. */
    static List<BreakdownBar> of(Map<?, OverlapBreakdown.Counts> groups) {
        return groups.entrySet().stream()
                .map(group -> new BreakdownBar(label(group.getKey()), group.getValue().tokens(),
                        group.getValue().copied()))
                .sorted(Comparator.comparingInt(BreakdownBar::tokens).reversed())
                .toList();
    }

    private static String label(Object group) {
        String name = group.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
