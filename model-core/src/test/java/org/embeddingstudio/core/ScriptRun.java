package org.embeddingstudio.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program for a test (a Python script, mostly) and returns what it printed. */
public final class ScriptRun {
    private ScriptRun() {
    }

    /**
     * Runs {@code command} in {@code workingDirectory} (null: this one) with {@code environment} added, standard error
     * merged into the output; a non-zero exit or a time-out fails the test, showing the output.
     */
    public static String run(List<String> command, Path workingDirectory, Map<String, String> environment,
                             int timeoutSeconds) throws IOException {
        // Into a file, not a pipe: a chatty program must not block on a full pipe while we wait for it.
        Path output = Files.createTempFile("script-run", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("exit " + process.exitValue() + " from " + String.join(" ", command)
                        + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
