package org.embeddingstudio.app.ui.workspace;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compute device as a researcher reads it: DJL's "cpu()" and "gpu(1)" shown as "CPU" and "GPU 1". */
public final class DeviceName {
    private static final Pattern DJL_NAME = Pattern.compile("(cpu|gpu)\\((\\d*)\\)");

    private DeviceName() {
    }

    /** The shown name of a device DJL names {@code djlName}; a name of another form is shown as it is. */
    public static String of(String djlName) {
        Matcher matcher = DJL_NAME.matcher(djlName);
        if (!matcher.matches()) {
            return djlName;
        }
        String kind = matcher.group(1).toUpperCase(Locale.ROOT);
        return matcher.group(2).isEmpty() ? kind : kind + " " + matcher.group(2);
    }
}
