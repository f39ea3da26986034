package org.embeddingstudio.app.ui.overlap;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.embeddingstudio.app.ui.fx.ChartCanvas;

/** A proportional Venn diagram of two vocabularies: circle areas follow their sizes, the overlap the shared share. */
final class VennChart extends ChartCanvas {
    static final Color A_COLOUR = Color.rgb(9, 105, 218);
    static final Color B_COLOUR = Color.rgb(207, 34, 46);
    private OverlapViewModel.Counts counts;

    VennChart() {
        super(300, 220);
        setId("overlap-venn");
        redraw();
    }

    void show(OverlapViewModel.Counts counts) {
        this.counts = counts;
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g) {
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(ink());
        if (counts == null) {
            g.fillText("Compare two vocabularies", getWidth() / 2, getHeight() / 2);
            return;
        }
        double largest = Math.max(1, Math.max(counts.sizeA(), counts.sizeB()));
        double radiusA = 90 * Math.sqrt(counts.sizeA() / largest);
        double radiusB = 90 * Math.sqrt(counts.sizeB() / largest);
        double shareOfSmaller = counts.shared() / (double) Math.max(1, Math.min(counts.sizeA(), counts.sizeB()));
        double distance = (radiusA + radiusB) - shareOfSmaller * 2 * Math.min(radiusA, radiusB);
        double centreY = 100;
        double centreA = 150 - distance / 2;
        double centreB = 150 + distance / 2;
        g.setFill(A_COLOUR.deriveColor(0, 1, 1, 0.35));
        g.fillOval(centreA - radiusA, centreY - radiusA, 2 * radiusA, 2 * radiusA);
        g.setFill(B_COLOUR.deriveColor(0, 1, 1, 0.30));
        g.fillOval(centreB - radiusB, centreY - radiusB, 2 * radiusB, 2 * radiusB);
        g.setFill(ink());
        g.fillText(String.format("%,d", counts.onlyA()), centreA - radiusA / 2, centreY);
        g.fillText(String.format("%,d", counts.shared()), (centreA + centreB) / 2, centreY);
        g.fillText(String.format("%,d", counts.onlyB()), centreB + radiusB / 2, centreY);
        g.fillText("A", centreA - radiusA / 2, centreY + 18);
        g.fillText("B", centreB + radiusB / 2, centreY + 18);
        if (counts.falseFriends() > 0) {
            g.setFill(Color.rgb(191, 135, 0));
            g.fillText(String.format("%,d false friends", counts.falseFriends()), 150, 210);
        }
    }
}
