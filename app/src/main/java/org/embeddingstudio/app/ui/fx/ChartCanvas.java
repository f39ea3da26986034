package org.embeddingstudio.app.ui.fx;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * A chart drawn on a canvas in the theme's text colour. Canvases do not follow CSS, so the view hands over the
 * colour of a themed label ({@link #setInk}) and the chart redraws; subclasses draw everything in {@link #draw}.
 */
public abstract class ChartCanvas extends Canvas {
    private Paint ink = Color.GRAY;

    protected ChartCanvas(double width, double height) {
        super(width, height);
    }

    /** The theme's text colour, so labels stay readable in light and dark themes. */
    public final void setInk(Paint ink) {
        this.ink = ink;
        redraw();
    }

    protected final Paint ink() {
        return ink;
    }

    /** Clears the canvas and draws the chart again. */
    protected final void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        draw(g);
    }

    /** Draws the chart on a cleared canvas. */
    protected abstract void draw(GraphicsContext g);
}
