package org.embeddingstudio.app.ui.fx;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Text the screen shows cut off: every visible {@link Labeled} whose shown text ends in its ellipsis although its
 * own text is longer ("Attention h…", "Save to f…"). A cut text is allowed where its tooltip gives the whole text,
 * as in IntelliJ's tables and status bar.
 */
public final class CutOffText {
    private CutOffText() {
    }

    /** One line per cut-off text under {@code root}: its class, id and text, and what the screen shows of it. */
    public static List<String> under(Node root) {
        List<String> cut = new ArrayList<>();
        walk(root, cut);
        return cut;
    }

    /** Pairs of visible texts under {@code root} drawn over each other (rows squeezed below their height). */
    public static List<String> overlapping(Node root) {
        List<Labeled> texts = new ArrayList<>();
        collect(root, texts);
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                Bounds a = shownBounds(texts.get(i));
                Bounds b = shownBounds(texts.get(j));
                if (a != null && b != null
                        && a.intersects(b.getMinX() + 1, b.getMinY() + 1, b.getWidth() - 2, b.getHeight() - 2)) {
                    overlaps.add("'" + texts.get(i).getText() + "' over '" + texts.get(j).getText() + "'");
                }
            }
        }
        return overlaps;
    }

    /** Where a text is drawn in the scene: clipped by the scroll panes it lies in; null when scrolled out of view. */
    private static Bounds shownBounds(Node node) {
        Bounds bounds = node.localToScene(node.getLayoutBounds());
        for (Parent parent = node.getParent(); parent != null; parent = parent.getParent()) {
            if (parent instanceof ScrollPane scroll) {
                Bounds view = scroll.localToScene(scroll.getLayoutBounds());
                double minX = Math.max(bounds.getMinX(), view.getMinX());
                double minY = Math.max(bounds.getMinY(), view.getMinY());
                double maxX = Math.min(bounds.getMaxX(), view.getMaxX());
                double maxY = Math.min(bounds.getMaxY(), view.getMaxY());
                if (maxX <= minX || maxY <= minY) {
                    return null;
                }
                bounds = new BoundingBox(minX, minY, maxX - minX, maxY - minY);
            }
        }
        return bounds;
    }

    private static void collect(Node node, List<Labeled> texts) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            texts.add(labeled);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, texts);
            }
        }
    }

    private static void walk(Node node, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled) {
            String shown = shownText(labeled);
            if (shown != null && isCut(labeled, shown) && !wholeTextInTooltip(labeled)) {
                cut.add(labeled.getClass().getSimpleName() + (labeled.getId() == null ? "" : "#" + labeled.getId())
                        + " '" + labeled.getText() + "' shows '" + shown + "' at width "
                        + Math.round(labeled.getWidth()));
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                walk(child, cut);
            }
        }
    }

    /** What the skin draws: its LabeledText child (not a graphic, which may be a Text too, as icons are). */
    private static String shownText(Labeled labeled) {
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text && "LabeledText".equals(child.getClass().getSimpleName())) {
                return text.getText();
            }
        }
        return null;
    }

    private static boolean isCut(Labeled labeled, String shown) {
        String full = labeled.getText();
        String ellipsis = labeled.getEllipsisString();
        return full != null && !full.isEmpty() && !ellipsis.isEmpty() && shown.endsWith(ellipsis)
                && !normalised(full).equals(normalised(shown));
    }

    /** Wrapped text is shown with line breaks where the text had spaces. */
    private static String normalised(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static boolean wholeTextInTooltip(Labeled labeled) {
        Tooltip tooltip = labeled.getTooltip();
        return tooltip != null && tooltip.getText() != null
                && tooltip.getText().contains(labeled.getText());
    }
}
