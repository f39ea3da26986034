package org.embeddingstudio.core.cli;

import java.util.Locale;

/** File sizes as people read them: "12.3 MB". */
final class FileSizes {
    private static final String[] UNITS = {"bytes", "KB", "MB", "GB", "TB"};

    private FileSizes() {
    }

    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
