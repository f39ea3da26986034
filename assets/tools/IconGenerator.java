import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the application icon — an embedding matrix: a grid of cells whose brightness varies like learned weights,
 * with one amber row, the new vocabulary's row — and writes the PNG set, the Windows .ico and the macOS .icns.
 * Below 48 px the grid has 3 × 3 cells instead of 4 × 4 so that it stays legible.
 *
 * <p>Run from the repository root after changing the design; the output is committed:
 * {@code java assets/tools/IconGenerator.java assets/src/main/resources/org/embeddingstudio/assets/icon}
 */
public final class IconGenerator {
    static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512, 1024};
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};
    /** The .icns types that hold PNG data, by pixel size (ic11..ic14 are the Retina variants). */
    static final Map<String, Integer> ICNS_TYPES = new LinkedHashMap<>();

    static {
        ICNS_TYPES.put("ic11", 32);
        ICNS_TYPES.put("ic12", 64);
        ICNS_TYPES.put("ic07", 128);
        ICNS_TYPES.put("ic13", 256);
        ICNS_TYPES.put("ic08", 256);
        ICNS_TYPES.put("ic14", 512);
        ICNS_TYPES.put("ic09", 512);
        ICNS_TYPES.put("ic10", 1024);
    }

    private static final Color TOP = new Color(0x1E3A8A);
    private static final Color BOTTOM = new Color(0x0F766E);
    private static final Color AMBER = new Color(0xFBBF24);
    /** The brightness of each cell of the 4 × 4 grid, row by row; row 2 is drawn amber. */
    private static final float[][] WEIGHTS_4 = {
            {0.95f, 0.45f, 0.75f, 0.35f},
            {0.55f, 0.85f, 0.40f, 0.70f},
            {1.00f, 1.00f, 1.00f, 1.00f},
            {0.40f, 0.65f, 0.90f, 0.50f},
    };
    private static final float[][] WEIGHTS_3 = {
            {0.95f, 0.45f, 0.75f},
            {1.00f, 1.00f, 1.00f},
            {0.50f, 0.85f, 0.40f},
    };

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(folder);
        Map<Integer, byte[]> pngs = new LinkedHashMap<>();
        for (int size : PNG_SIZES) {
            byte[] png = png(draw(size));
            pngs.put(size, png);
            Files.write(folder.resolve("app-" + size + ".png"), png);
        }
        Files.write(folder.resolve("app.ico"), ico(pngs));
        Files.write(folder.resolve("app.icns"), icns(pngs));
        System.out.println("Wrote " + PNG_SIZES.length + " PNGs, app.ico and app.icns to " + folder);
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        boolean small = size < 48;
        // Large icons keep macOS's margin around the tile; small ones use every pixel.
        double inset = small ? 0 : size * 0.08;
        double tile = size - 2 * inset;
        g.setPaint(new GradientPaint((float) inset, (float) inset, TOP,
                (float) (inset + tile), (float) (inset + tile), BOTTOM));
        g.fill(new RoundRectangle2D.Double(inset, inset, tile, tile, tile * 0.44, tile * 0.44));

        float[][] weights = small ? WEIGHTS_3 : WEIGHTS_4;
        int n = weights.length;
        double padding = tile * (small ? 0.16 : 0.17);
        double content = tile - 2 * padding;
        double gap = content * (small ? 0.10 : 0.07);
        double cell = (content - (n - 1) * gap) / n;
        int amberRow = n == 4 ? 2 : 1;
        for (int row = 0; row < n; row++) {
            for (int column = 0; column < n; column++) {
                double x = inset + padding + column * (cell + gap);
                double y = inset + padding + row * (cell + gap);
                if (row == amberRow) {
                    g.setColor(AMBER);
                } else {
                    g.setColor(new Color(1f, 1f, 1f, weights[row][column]));
                }
                double arc = cell * (small ? 0.3 : 0.36);
                g.fill(new RoundRectangle2D.Double(x, y, cell, cell, arc, arc));
            }
        }
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** An .ico whose entries are PNG images (read by Windows since Vista, and by jpackage's launcher builder). */
    static byte[] ico(Map<Integer, byte[]> pngs) {
        List<Integer> sizes = java.util.Arrays.stream(ICO_SIZES).boxed().toList();
        int headerLength = 6 + 16 * sizes.size();
        int total = headerLength + sizes.stream().mapToInt(size -> pngs.get(size).length).sum();
        ByteBuffer ico = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) sizes.size());
        int offset = headerLength;
        for (int size : sizes) {
            byte[] png = pngs.get(size);
            ico.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size)); // 0 means 256
            ico.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            ico.putInt(png.length).putInt(offset);
            offset += png.length;
        }
        sizes.forEach(size -> ico.put(pngs.get(size)));
        return ico.array();
    }

    /** An .icns: the magic "icns", the file length, then (type, length, PNG) entries; big-endian throughout. */
    static byte[] icns(Map<Integer, byte[]> pngs) throws IOException {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(entries);
        for (Map.Entry<String, Integer> type : ICNS_TYPES.entrySet()) {
            byte[] png = pngs.get(type.getValue());
            out.writeBytes(type.getKey());
            out.writeInt(8 + png.length);
            out.write(png);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(file);
        header.writeBytes("icns");
        header.writeInt(8 + entries.size());
        entries.writeTo(file);
        return file.toByteArray();
    }
}
