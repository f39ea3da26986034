package org.embeddingstudio.app.ui.hub;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.embeddingstudio.core.hub.HubFile;

import java.util.Locale;

/** One file of a Hub download as the dialog lists it: name, size, how much is on disk. */
public final class HubFileRow {
    private final HubFile file;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    HubFileRow(HubFile file) {
        this.file = file;
    }

    public String name() {
        return file.path();
    }

    public String size() {
        return file.size() < 0 ? "?" : formatBytes(file.size());
    }

    /** 0 to 1; -1 (indeterminate) while the size is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "", "cached", "42 %", "done". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    HubFile file() {
        return file;
    }

    void bytesDone(long done) {
        if (file.size() > 0) {
            double fraction = Math.min(1, (double) done / file.size());
            progress.set(fraction);
            status.set(String.format(Locale.ROOT, "%d %%", Math.round(100 * fraction)));
        } else {
            progress.set(-1);
        }
    }

    void finished(boolean alreadyCached) {
        progress.set(1);
        status.set(alreadyCached ? "cached" : "done");
    }

    static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
