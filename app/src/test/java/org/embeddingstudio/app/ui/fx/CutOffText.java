package org.embeddingstudio.app.ui.fx;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Cell;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Text the screen shows cut off: every visible {@link Labeled} whose shown text ends in its ellipsis although its
 * own text is longer ("Attention h…", "Save to f…"). A cut table or list cell is allowed when its tooltip gives the
 * whole text, as IntelliJ's tables do.
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
        return labeled instanceof Cell<?> && tooltip != null && tooltip.getText() != null
                && tooltip.getText().contains(labeled.getText());
    }
}
