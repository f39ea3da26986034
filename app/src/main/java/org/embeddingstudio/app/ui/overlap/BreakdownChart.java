package org.embeddingstudio.app.ui.overlap;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.embeddingstudio.app.ui.fx.ChartCanvas;

import java.util.List;
import java.util.stream.Stream;

/**
 * Stacked horizontal bars of A's tokens, by class and by script: the copied part in A's colour, the part that starts
 * random in grey, each bar as long as its group is large.
 */
final class BreakdownChart extends ChartCanvas {
    private static final int MAX_SCRIPTS = 5;
    private static final double LABEL_WIDTH = 110;
    private static final double BAR_HEIGHT = 14;
    private static final double ROW = 19;
    private static final Color RANDOM = Color.rgb(140, 149, 159, 0.55);
    private List<BreakdownBar> byClass = List.of();
    private List<BreakdownBar> byScript = List.of();

    BreakdownChart() {
        super(420, 262);
        setId("overlap-breakdown");
    }

    void show(List<BreakdownBar> byClass, List<BreakdownBar> byScript) {
        this.byClass = List.copyOf(byClass);
        this.byScript = List.copyOf(byScript.subList(0, Math.min(MAX_SCRIPTS, byScript.size())));
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g) {
        if (byClass.isEmpty()) {
            return;
        }
        // One scale for both sections, so equal lengths mean equal counts.
        int largest = Math.max(1, Stream.concat(byClass.stream(), byScript.stream())
                .mapToInt(BreakdownBar::tokens).max().orElse(1));
        double y = section(g, "A's tokens by class — copied / random", byClass, largest, 0);
        section(g, "by script", byScript, largest, y + 6);
    }

    private double section(GraphicsContext g, String title, List<BreakdownBar> bars, int largest, double top) {
        g.setFill(ink());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        Font plain = g.getFont();
        g.setFont(Font.font(plain.getFamily(), FontWeight.BOLD, plain.getSize()));
        g.fillText(title, 0, top);
        g.setFont(plain);
        double y = top + ROW;
        double width = getWidth() - LABEL_WIDTH - 110; // room for the counts after the longest bar
        for (BreakdownBar bar : bars) {
            g.setFill(ink());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(bar.label(), 0, y);
            double total = width * bar.tokens() / largest;
            double copied = width * bar.copied() / largest;
            g.setFill(VennChart.A_COLOUR.deriveColor(0, 1, 1, 0.75));
            g.fillRect(LABEL_WIDTH, y + 1, copied, BAR_HEIGHT);
            g.setFill(RANDOM);
            g.fillRect(LABEL_WIDTH + copied, y + 1, total - copied, BAR_HEIGHT);
            g.setFill(ink());
            g.fillText(String.format("%,d / %,d", bar.copied(), bar.tokens()), LABEL_WIDTH + Math.max(total, 1) + 6, y);
            y += ROW;
        }
        return y;
    }
}
