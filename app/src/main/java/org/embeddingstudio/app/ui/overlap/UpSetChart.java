package org.embeddingstudio.app.ui.overlap;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.embeddingstudio.app.ui.fx.ChartCanvas;
import org.embeddingstudio.core.overlap.VocabularyIntersections;

import java.util.List;

/**
 * An UpSet plot: one column per combination of vocabularies (the largest first), a bar of how many tokens lie in
 * exactly that combination above it, and below it a dot for every vocabulary in it, joined by a line; each
 * vocabulary's size beside its row.
 */
final class UpSetChart extends ChartCanvas {
    static final int MAX_COLUMNS = 30;
    private static final double NAMES_WIDTH = 170;
    private static final double BARS_HEIGHT = 150;
    private static final double COLUMN = 24;
    private static final double ROW = 22;
    private IntersectionsViewModel.Result result;

    UpSetChart() {
        super(NAMES_WIDTH + COLUMN * 6, BARS_HEIGHT + ROW * 2 + 20);
        setId("upset-chart");
    }

    void show(IntersectionsViewModel.Result result) {
        this.result = result;
        int columns = Math.min(MAX_COLUMNS, result.subsets().size());
        setWidth(NAMES_WIDTH + COLUMN * Math.max(columns, 6) + 20);
        setHeight(BARS_HEIGHT + ROW * result.names().size() + 30);
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g) {
        if (result == null) {
            return;
        }
        List<VocabularyIntersections.Subset> subsets = result.subsets().subList(0,
                Math.min(MAX_COLUMNS, result.subsets().size()));
        int largest = Math.max(1, subsets.stream().mapToInt(VocabularyIntersections.Subset::tokens).max().orElse(1));
        int vocabularies = result.names().size();
        double top = 20;
        double matrixTop = top + BARS_HEIGHT;
        // Rows: names with their sizes, and a faint band on every other row.
        g.setTextBaseline(VPos.CENTER);
        for (int v = 0; v < vocabularies; v++) {
            double y = matrixTop + v * ROW + ROW / 2;
            if (v % 2 == 1) {
                g.setFill(Color.rgb(140, 149, 159, 0.12));
                g.fillRect(0, y - ROW / 2, getWidth(), ROW);
            }
            g.setFill(ink());
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(String.format("%s  %,d", result.names().get(v), result.sizes().get(v)), NAMES_WIDTH - 10, y);
        }
        for (int c = 0; c < subsets.size(); c++) {
            VocabularyIntersections.Subset subset = subsets.get(c);
            double x = NAMES_WIDTH + c * COLUMN + COLUMN / 2;
            double height = (BARS_HEIGHT - 60) * subset.tokens() / largest; // room above for the slanted count
            g.setFill(VennChart.A_COLOUR.deriveColor(0, 1, 1, 0.8));
            g.fillRect(x - COLUMN * 0.35, matrixTop - 4 - height, COLUMN * 0.7, height);
            g.setFill(ink());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.BOTTOM);
            g.save();
            g.translate(x, matrixTop - 8 - height);
            g.rotate(-60);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(String.format("%,d", subset.tokens()), 0, 4);
            g.restore();
            for (int v = 0; v < vocabularies; v++) {
                boolean member = subset.members().contains(v);
                g.setFill(member ? ink() : Color.rgb(140, 149, 159, 0.35));
                double y = matrixTop + v * ROW + ROW / 2;
                g.fillOval(x - 5, y - 5, 10, 10);
            }
            if (subset.members().size() > 1) {
                double first = matrixTop + subset.members().get(0) * ROW + ROW / 2;
                double last = matrixTop + subset.members().get(subset.members().size() - 1) * ROW + ROW / 2;
                g.setStroke(ink());
                g.setLineWidth(2);
                g.strokeLine(x, first, x, last);
            }
        }
    }
}
