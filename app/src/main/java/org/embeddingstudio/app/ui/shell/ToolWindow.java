package org.embeddingstudio.app.ui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/**
 * A docked panel: its title (at most two words), 16 px icon, side, Alt+number shortcut and content.
 */
public record ToolWindow(String id, String title, Ikon icon, Side side, int number, Node content) {
    public enum Side { LEFT, RIGHT, BOTTOM }
}
