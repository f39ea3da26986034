package org.embeddingstudio.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A JVM of its own on the test's class path, killed with SIGKILL while it writes: what a crash or a power cut leaves
 * on disk cannot be made inside the test's JVM, where finally blocks and shutdown hooks would still run. The child's
 * main calls {@link #sayReady()} once something complete is on disk. Shared by model-core's and the app's kill tests
 * (through model-core's test-jar, which holds only this package).
 */
public final class KilledChild {
    private static final String READY = "ready";

    private KilledChild() {
    }

    /**
     * Starts {@code main} with {@code args}, waits until it says it is ready, lets it work {@code delayMillis} more and
     * kills it, returning once it is gone. A child that ends before it is ready fails the test with its stderr.
     */
    public static void killAfterReady(Class<?> main, int delayMillis, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        // Into a file, not a pipe: nobody reads stderr while the child runs, and a full pipe would stall its saves.
        Path errors = Files.createTempFile("killed-child", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true",
                    "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), main.getName());
            builder.command().addAll(List.of(args));
            Process process = builder.redirectError(errors.toFile()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                if (!READY.equals(out.readLine())) {
                    fail("the " + main.getSimpleName() + " process did not start (exit " + process.waitFor() + "): "
                            + Files.readString(errors));
                }
                Thread.sleep(delayMillis);
                process.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
                assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            }
        } finally {
            Files.delete(errors);
        }
    }

    /** In the child: a complete save is on disk, killing may begin. */
    public static void sayReady() {
        System.out.println(READY);
        System.out.flush();
    }
}
