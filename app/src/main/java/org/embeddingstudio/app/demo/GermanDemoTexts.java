package org.embeddingstudio.app.demo;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The German prose written for the demo (resources in {@code org/embeddingstudio/assets/demo/german}). */
final class GermanDemoTexts {
    // Listed by name: a folder inside a jar cannot be listed portably.
    static final List<String> FILES = List.of("markt.txt", "regentag.txt", "baeckerei.txt", "brief.txt",
            "zugfahrt.txt", "garten.txt", "umzug.txt", "sonntagsessen.txt", "winter.txt", "schultag.txt",
            "radtour.txt", "strassenfest.txt", "buero.txt");
    private static final String FOLDER = "/org/embeddingstudio/assets/demo/german/";

    private GermanDemoTexts() {
    }

    /** Every text, in the order of {@link #FILES}. */
    static List<String> read() throws IOException {
        List<String> texts = new ArrayList<>(FILES.size());
        for (String file : FILES) {
            try (InputStream in = GermanDemoTexts.class.getResourceAsStream(FOLDER + file)) {
                if (in == null) {
                    throw new FileNotFoundException(FOLDER + file + " is not on the classpath");
                }
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }
}
