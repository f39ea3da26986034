package org.embeddingstudio.app.ui.training;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.embeddingstudio.core.training.run.LossCurve;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * The loss curve drawn on one canvas: raw loss (faint), smoothed loss (bold) and evaluation losses (dots). A chart
 * with a node per point would cost thousands of nodes on a long run; here a redraw costs one pass over at most one
 * point per pixel column, whatever the number of steps.
 */
final class LossCurveCanvas extends Region {
    private static final Color RAW = Color.web("#4f8ef7", 0.35);
    private static final Color SMOOTHED = Color.web("#2563eb");
    private static final Color EVALUATION = Color.web("#e8590c");
    private static final Color AXIS = Color.gray(0.55);
    private static final double LEFT = 56;
    private static final double BOTTOM = 22;
    private static final double TOP = 10;
    private static final double RIGHT = 12;

    private static final Color COMPARED = Color.gray(0.5, 0.8);
    private final Canvas canvas = new Canvas();
    private final Supplier<LossCurve> curve;
    private final Supplier<LossCurve> compared;
    private final Supplier<String> comparedName;

    /**
     * @param compared     another run's curve drawn behind, dashed (null: none)
     * @param comparedName that run's name, for the legend
     */
    LossCurveCanvas(Supplier<LossCurve> curve, Supplier<LossCurve> compared, Supplier<String> comparedName) {
        this.curve = curve;
        this.compared = compared;
        this.comparedName = comparedName;
        setId("loss-curve");
        getChildren().add(canvas);
        // Low enough that the results below keep their half of a short Training window; the curve's axes still fit.
        setMinSize(200, 80);
        setPrefSize(600, 260);
    }

    @Override
    protected void layoutChildren() {
        double width = snapSizeX(getWidth());
        double height = snapSizeY(getHeight());
        if (canvas.getWidth() != width || canvas.getHeight() != height) {
            canvas.setWidth(width);
            canvas.setHeight(height);
            redraw();
        }
    }

    /** Draws the curve as it is now. */
    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        LossCurve data = curve.get();
        g.setFont(Font.font(11));
        g.setFill(AXIS);
        if (data == null || data.size() == 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("The loss curve appears here while a run trains.", width / 2, height / 2);
            return;
        }
        double plotWidth = Math.max(1, width - LEFT - RIGHT);
        double plotHeight = Math.max(1, height - TOP - BOTTOM);
        LossCurve other = compared.get();
        int lastStep = Math.max(data.step(data.size() - 1),
                other == null || other.size() == 0 ? 0 : other.step(other.size() - 1));
        int firstStep = Math.min(data.step(0), 1);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.size(); i++) {
            if (Float.isFinite(data.raw(i))) {
                min = Math.min(min, data.raw(i));
                max = Math.max(max, data.raw(i));
            }
        }
        for (int i = 0; i < data.evaluations(); i++) {
            if (Float.isFinite(data.evaluationLoss(i))) {
                min = Math.min(min, data.evaluationLoss(i));
                max = Math.max(max, data.evaluationLoss(i));
            }
        }
        for (int i = 0; other != null && i < other.size(); i++) {
            if (Float.isFinite(other.smoothed(i))) {
                min = Math.min(min, other.smoothed(i));
                max = Math.max(max, other.smoothed(i));
            }
        }
        if (!Double.isFinite(min)) {
            return;
        }
        if (max - min < 1e-6) {
            max = min + 1;
        }
        double span = Math.max(1, lastStep - firstStep);
        double low = min;
        double high = max;
        DoubleUnaryOperator x = step -> LEFT + (step - firstStep) / span * plotWidth;
        DoubleUnaryOperator y = loss -> TOP + (high - loss) / (high - low) * plotHeight;

        g.setStroke(AXIS);
        g.setLineWidth(1);
        g.strokeLine(LEFT, TOP, LEFT, TOP + plotHeight);
        g.strokeLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int tick = 0; tick <= 4; tick++) {
            double value = low + (high - low) * tick / 4;
            g.fillText(String.format(Locale.ROOT, high - low < 0.5 ? "%.3f" : "%.2f", value), LEFT - 6,
                    y.applyAsDouble(value));
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText("step " + firstStep, LEFT, TOP + plotHeight + 4);
        g.fillText("step " + lastStep, LEFT + plotWidth - 20, TOP + plotHeight + 4);

        // At most one point per pixel column: the curve of a 100,000-step run costs what a 1,000-step one does.
        int stride = Math.max(1, (int) (data.size() / plotWidth));
        if (other != null && other.size() > 0) {
            g.setLineDashes(6, 4);
            polyline(g, other, Math.max(1, (int) (other.size() / plotWidth)), true, x, y, COMPARED, 2);
            g.setLineDashes();
        }
        polyline(g, data, stride, false, x, y, RAW, 1);
        polyline(g, data, stride, true, x, y, SMOOTHED, 2);
        g.setFill(EVALUATION);
        for (int i = 0; i < data.evaluations(); i++) {
            if (Float.isFinite(data.evaluationLoss(i))) {
                g.fillOval(x.applyAsDouble(data.evaluationStep(i)) - 3.5,
                        y.applyAsDouble(data.evaluationLoss(i)) - 3.5, 7, 7);
            }
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(SMOOTHED);
        g.fillText("smoothed", width - RIGHT, TOP);
        g.setFill(RAW.deriveColor(0, 1, 1, 2.5));
        g.fillText("raw", width - RIGHT - 62, TOP);
        g.setFill(EVALUATION);
        g.fillText("held-out ●", width - RIGHT - 90, TOP);
        if (other != null && other.size() > 0) {
            g.setFill(COMPARED);
            g.fillText("- - " + comparedName.get(), width - RIGHT, TOP + 14);
        }
    }

    private static void polyline(GraphicsContext g, LossCurve data, int stride, boolean smoothed,
                                 DoubleUnaryOperator x, DoubleUnaryOperator y,
                                 Color color, double lineWidth) {
        g.setStroke(color);
        g.setLineWidth(lineWidth);
        g.beginPath();
        boolean started = false;
        for (int i = 0; i < data.size(); i += stride) {
            int at = Math.min(data.size() - 1, i);
            float value = smoothed ? data.smoothed(at) : data.raw(at);
            if (!Float.isFinite(value)) {
                continue;
            }
            double px = x.applyAsDouble(data.step(at));
            double py = y.applyAsDouble(value);
            if (started) {
                g.lineTo(px, py);
            } else {
                g.moveTo(px, py);
                started = true;
            }
        }
        if (data.size() > 1 && (data.size() - 1) % stride != 0) {
            float value = smoothed ? data.smoothed(data.size() - 1) : data.raw(data.size() - 1);
            if (Float.isFinite(value)) {
                g.lineTo(x.applyAsDouble(data.step(data.size() - 1)), y.applyAsDouble(value));
            }
        }
        g.stroke();
    }
}
