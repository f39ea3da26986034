package org.embeddingstudio.assets;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppIconTest {
    @Test
    void everyPngHasItsSizeAnOpaqueGlyphAndTheAmberRow() throws IOException {
        for (int size : AppIcon.SIZES) {
            BufferedImage image = read(AppIcon.png(size));
            assertEquals(size, image.getWidth(), size + " px icon width");
            assertEquals(size, image.getHeight(), size + " px icon height");
            assertTrue(alpha(image.getRGB(size / 2, size / 2)) == 255, size + " px icon is opaque in the middle");
            assertTrue(countAmber(image) > 0, size + " px icon shows the amber row");
        }
    }

    @Test
    void largeIconsLeaveTransparentCornersForTheRoundedTile() throws IOException {
        BufferedImage image = read(AppIcon.png(1024));
        assertEquals(0, alpha(image.getRGB(0, 0)));
        assertEquals(0, alpha(image.getRGB(1023, 1023)));
    }

    @Test
    void windowIconsAreTheSizesUpTo256() {
        assertEquals(List.of(AppIcon.png(16), AppIcon.png(24), AppIcon.png(32), AppIcon.png(48), AppIcon.png(64),
                AppIcon.png(128), AppIcon.png(256)).toString(), AppIcon.windowIcons().toString());
        assertThrows(IllegalArgumentException.class, () -> AppIcon.png(20));
    }

    @Test
    void icoDirectoryPointsAtPngsOfTheSizesItClaims() throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(bytes(AppIcon.resource("app.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ico.getShort(0));
        assertEquals(1, ico.getShort(2), "type 1 = icon");
        int count = ico.getShort(4);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int claimed = ico.get(entry) == 0 ? 256 : Byte.toUnsignedInt(ico.get(entry));
            int length = ico.getInt(entry + 8);
            int offset = ico.getInt(entry + 12);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(ico.array(), offset, length));
            assertEquals(claimed, image.getWidth(), "entry " + i);
            sizes.add(claimed);
        }
        assertEquals(List.of(16, 24, 32, 48, 64, 128, 256), sizes);
    }

    @Test
    void icnsHoldsTheRetinaAndStandardSizesAsPng() throws IOException {
        byte[] file = bytes(AppIcon.resource("app.icns"));
        ByteBuffer icns = ByteBuffer.wrap(file); // big-endian
        assertArrayEquals("icns".getBytes(), Arrays.copyOf(file, 4));
        assertEquals(file.length, icns.getInt(4), "the header holds the file length");
        Map<String, Integer> sizes = new HashMap<>();
        int position = 8;
        while (position < file.length) {
            String type = new String(file, position, 4);
            int length = icns.getInt(position + 4);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(file, position + 8, length - 8));
            sizes.put(type, image.getWidth());
            position += length;
        }
        assertEquals(file.length, position, "entries fill the file exactly");
        assertEquals(Map.of("ic07", 128, "ic08", 256, "ic09", 512, "ic10", 1024,
                "ic11", 32, "ic12", 64, "ic13", 256, "ic14", 512), sizes);
    }

    private static BufferedImage read(URL url) throws IOException {
        return ImageIO.read(url);
    }

    private static byte[] bytes(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static int countAmber(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int red = (rgb >> 16) & 0xff;
                int green = (rgb >> 8) & 0xff;
                int blue = rgb & 0xff;
                if (red > 200 && green > 150 && blue < 120) {
                    count++;
                }
            }
        }
        return count;
    }
}
