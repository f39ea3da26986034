package org.embeddingstudio.assets;

import java.net.URL;
import java.util.List;

/**
 * The application icon as classpath resources: one PNG per size a window system may ask for, and the .ico and
 * .icns the installers put on the Windows and macOS launchers.
 */
public final class AppIcon {
    /** Every size drawn, in pixels; below 48 px the glyph is simplified to stay legible. */
    public static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512, 1024);
    static final String FOLDER = "/org/embeddingstudio/assets/icon/";

    private AppIcon() {
    }

    /** The PNG of one size. */
    public static URL png(int size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("no " + size + " px icon; sizes are " + SIZES);
        }
        return resource("app-" + size + ".png");
    }

    /** Every PNG up to 256 px, smallest first: what a window icon list wants (the window system picks one). */
    public static List<URL> windowIcons() {
        return SIZES.stream().filter(size -> size <= 256).map(AppIcon::png).toList();
    }

    static URL resource(String name) {
        URL url = AppIcon.class.getResource(FOLDER + name);
        if (url == null) {
            throw new IllegalStateException(FOLDER + name + " is not on the classpath");
        }
        return url;
    }
}
