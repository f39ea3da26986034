package org.embeddingstudio.core.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@link HubTestServer} as a program, for installer/smoke-test.sh: serves the files of a folder as the main
 * branch of one repository on 127.0.0.1 (an ephemeral port), prints {@code endpoint URL commit SHA} once it listens,
 * and runs until killed or until its standard input ends. Needs nothing but the JDK and the test classes.
 *
 * <pre>java -cp model-core/target/test-classes org.embeddingstudio.core.hub.SmokeTestHub owner/name FOLDER</pre>
 */
public final class SmokeTestHub {
    private SmokeTestHub() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SmokeTestHub OWNER/NAME FOLDER");
            System.exit(2);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<Path> regular;
        try (Stream<Path> listing = Files.list(Path.of(args[1]))) {
            regular = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : regular) {
            files.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        try (HubTestServer hub = HubTestServer.start()) {
            String commit = hub.publish(args[0], files);
            System.out.println("endpoint " + hub.endpoint() + " commit " + commit);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serves until the standard input ends.
            }
        }
    }
}
