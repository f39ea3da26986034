package org.embeddingstudio.app.ui.fx;

import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import org.embeddingstudio.core.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Saves what a node shows as a PNG file, at the screen's scale, written atomically. Goes through AWT's ImageIO
 * because JavaFX has no image encoder of its own (and javafx-swing would be a module just for this).
 */
public final class PngExport {
    private PngExport() {
    }

    /**
     * Snapshots {@code node} (on the FX thread) over {@code background} (the theme's, so text drawn in the theme's
     * colour stays readable; white when null) and writes it to {@code file}.
     */
    public static void save(Node node, Background background, Path file) throws IOException {
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(background == null || background.getFills().isEmpty() ? Color.WHITE
                : background.getFills().get(0).getFill());
        double scale = node.getScene() == null ? 1 : node.getScene().getWindow().getOutputScaleX();
        parameters.setTransform(Transform.scale(scale, scale));
        WritableImage image = node.snapshot(parameters, null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, width, height, argb, 0, width);
        AtomicFiles.write(file, temporary -> {
            if (!ImageIO.write(png, "png", temporary.toFile())) {
                throw new IOException("no PNG encoder available to write " + file);
            }
        });
    }
}
