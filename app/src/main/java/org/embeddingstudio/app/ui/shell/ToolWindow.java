package org.embeddingstudio.app.ui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/**
 * A docked panel: its title (at most two words), 16 px icon, side, Alt+number shortcut, content, and the share of the
 * window's width (left, right) or height (bottom) it takes until the user drags it elsewhere.
 */
public record ToolWindow(String id, String title, Ikon icon, Side side, int number, Node content, double share) {
    public enum Side { LEFT, RIGHT, BOTTOM }
}
