package org.embeddingstudio.app.ui.projection;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.embeddingstudio.core.embedding.RowOrigin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scatter plot of projected rows on a canvas that fills its pane: the wheel zooms about the pointer, dragging pans,
 * double-click fits everything again, and hovering names the nearest token.
 */
final class ScatterPlot extends Pane {
    static final Map<RowOrigin, Color> COLOURS = colours();
    private static final double HOVER_RADIUS = 6;
    private final Canvas canvas = new Canvas();
    private final Label hover = new Label();
    private List<ProjectionViewModel.Point> points = List.of();
    private Paint ink = Color.GRAY;
    // Screen = (data - centre) * scale + size / 2.
    private double centreX;
    private double centreY;
    private double scale = 1;
    private double dragX;
    private double dragY;

    ScatterPlot() {
        setId("projection-plot");
        getChildren().addAll(canvas, hover);
        hover.getStyleClass().add("projection-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> draw());
        canvas.heightProperty().addListener((o, a, b) -> draw());
        setOnScroll(this::zoom);
        setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
        });
        setOnMouseDragged(e -> {
            centreX -= (e.getX() - dragX) / scale;
            centreY -= (e.getY() - dragY) / scale;
            dragX = e.getX();
            dragY = e.getY();
            draw();
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                fit();
                draw();
            }
        });
        setOnMouseMoved(this::showNearest);
        setOnMouseExited(e -> hover.setVisible(false));
        setMinSize(200, 150);
    }

    void show(List<ProjectionViewModel.Point> points) {
        this.points = points;
        fit();
        draw();
    }

    /** The theme's text colour for the axes and the empty-plot message. */
    void setInk(Paint ink) {
        this.ink = ink;
        draw();
    }

    private void fit() {
        if (points.isEmpty() || getWidth() == 0) {
            return;
        }
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (ProjectionViewModel.Point p : points) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, -p.y());
            maxY = Math.max(maxY, -p.y());
        }
        centreX = (minX + maxX) / 2;
        centreY = (minY + maxY) / 2;
        scale = 0.9 * Math.min(getWidth() / Math.max(1e-9, maxX - minX), getHeight() / Math.max(1e-9, maxY - minY));
    }

    private void zoom(ScrollEvent e) {
        double factor = Math.pow(1.0015, e.getDeltaY());
        // Keep the data point under the pointer where it is.
        double dataX = toDataX(e.getX());
        double dataY = toDataY(e.getY());
        scale *= factor;
        centreX = dataX - (e.getX() - getWidth() / 2) / scale;
        centreY = dataY - (e.getY() - getHeight() / 2) / scale;
        draw();
    }

    private double toDataX(double screenX) {
        return (screenX - getWidth() / 2) / scale + centreX;
    }

    private double toDataY(double screenY) {
        return (screenY - getHeight() / 2) / scale + centreY;
    }

    private double screenX(ProjectionViewModel.Point p) {
        return (p.x() - centreX) * scale + getWidth() / 2;
    }

    private double screenY(ProjectionViewModel.Point p) {
        return (-p.y() - centreY) * scale + getHeight() / 2; // data y grows upwards
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (points.isEmpty()) {
            g.setFill(ink);
            g.fillText("Choose an embedding and press Project.", 12, 24);
            return;
        }
        if (scale == 1 && centreX == 0 && centreY == 0) {
            fit();
        }
        // Pretrained and copied rows first, so the fewer random and trained rows stay visible on top.
        for (RowOrigin layer : COLOURS.keySet()) {
            g.setFill(COLOURS.get(layer));
            for (ProjectionViewModel.Point p : points) {
                if (p.origin() == layer) {
                    g.fillOval(screenX(p) - 2, screenY(p) - 2, 4, 4);
                }
            }
        }
    }

    private void showNearest(MouseEvent e) {
        ProjectionViewModel.Point nearest = null;
        double best = HOVER_RADIUS * HOVER_RADIUS;
        for (ProjectionViewModel.Point p : points) {
            double dx = screenX(p) - e.getX();
            double dy = screenY(p) - e.getY();
            double distance = dx * dx + dy * dy;
            if (distance <= best) {
                best = distance;
                nearest = p;
            }
        }
        if (nearest == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(nearest.token() + "  · row " + nearest.row() + " · " + nearest.origin().label());
        hover.relocate(Math.min(e.getX() + 12, Math.max(0, getWidth() - hover.prefWidth(-1) - 4)), e.getY() + 12);
        hover.setVisible(true);
    }

    private static Map<RowOrigin, Color> colours() {
        Map<RowOrigin, Color> colours = new LinkedHashMap<>(); // drawing order: the common kinds first
        colours.put(RowOrigin.PRETRAINED, Color.rgb(140, 149, 159, 0.55));
        colours.put(RowOrigin.UNKNOWN, Color.rgb(140, 149, 159, 0.55));
        colours.put(RowOrigin.COPIED, Color.rgb(9, 105, 218, 0.7));
        colours.put(RowOrigin.COPIED_NORMALIZED, Color.rgb(84, 174, 255, 0.8));
        colours.put(RowOrigin.MEAN, Color.rgb(74, 194, 107, 0.8));
        colours.put(RowOrigin.FVT, Color.rgb(26, 127, 55, 0.8));
        colours.put(RowOrigin.OMP, Color.rgb(130, 80, 223, 0.8));
        colours.put(RowOrigin.RANDOM, Color.rgb(207, 34, 46, 0.75));
        colours.put(RowOrigin.TRAINED, Color.rgb(191, 135, 0, 0.85));
        return colours;
    }
}
