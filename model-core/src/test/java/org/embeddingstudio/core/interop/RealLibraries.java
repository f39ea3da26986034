package org.embeddingstudio.core.interop;

import org.embeddingstudio.core.ScriptRun;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Python libraries this project interoperates with — AdapterHub {@code adapters}, {@code transformers},
 * PyTorch 2 — in the team's interop environment. The python comes from the environment variable
 * {@code INTEROP_PYTHON}, or from {@code ../shared/tools/python-interop-env} beside the checkout (it builds the
 * environment once, about a minute, then reuses it). Where neither exists (a user's clone) the interop tests are
 * skipped with the reason; under CI (environment variable {@code CI} set) a missing or unbuildable environment fails
 * them, so CI cannot pass by skipping.
 */
public final class RealLibraries {
    private static final Path SCRIPT = Path.of("src/test/resources/org/embeddingstudio/core/interop/real_libraries.py")
            .toAbsolutePath();
    private static String python;
    private static String unavailableBecause;

    private RealLibraries() {
    }

    /** Fails (under CI) or skips the calling test unless the interop environment can be had. */
    public static synchronized String python() {
        if (python == null && unavailableBecause == null) {
            locate();
        }
        if (unavailableBecause != null) {
            String message = "the Python interop environment is not available: " + unavailableBecause;
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return python;
    }

    private static void locate() {
        String configured = System.getenv("INTEROP_PYTHON");
        if (configured != null && !configured.isBlank()) {
            python = configured;
            return;
        }
        Path builder = Path.of("").toAbsolutePath().getParent().getParent()
                .resolve("shared/tools/python-interop-env");
        if (!Files.isExecutable(builder)) {
            unavailableBecause = "neither INTEROP_PYTHON nor " + builder + " (the team's shared tools) exists";
            return;
        }
        try {
            String output = run(List.of("bash", builder.toString()), 900);
            String[] lines = output.strip().split("\n");
            python = lines[lines.length - 1].strip();
        } catch (IOException | AssertionError e) {
            unavailableBecause = builder + " could not build the environment: " + e.getMessage();
        }
    }

    private static final Path DECODER_SCRIPT = SCRIPT.resolveSibling("decoder_models.py");
    private static final Path DECODER_ADAPTERS_SCRIPT = SCRIPT.resolveSibling("decoder_adapters.py");

    /** Runs a command of {@code decoder_models.py} (see its docstring) and returns what it printed. */
    static String decoders(String command, Object... arguments) throws IOException {
        return script(DECODER_SCRIPT, command, arguments);
    }

    /** Runs a command of {@code decoder_adapters.py} (see its docstring) and returns what it printed. */
    static String decoderAdapters(String command, Object... arguments) throws IOException {
        return script(DECODER_ADAPTERS_SCRIPT, command, arguments);
    }

    /** Runs a command of {@code real_libraries.py} (see its docstring) and returns what it printed. */
    static String run(String command, Object... arguments) throws IOException {
        return script(SCRIPT, command, arguments);
    }

    private static String script(Path script, String command, Object... arguments) throws IOException {
        List<String> line = new ArrayList<>(List.of(script.toString(), command));
        for (Object argument : arguments) {
            line.add(argument.toString());
        }
        return python(line, null);
    }

    /**
     * Runs the interop python with these arguments in {@code workingDirectory} (null: this one) and returns what it
     * printed; a non-zero exit fails the test, showing the output.
     */
    static String python(List<String> arguments, Path workingDirectory) throws IOException {
        List<String> line = new ArrayList<>(List.of(python()));
        line.addAll(arguments);
        return run(line, workingDirectory, 600);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException {
        return run(command, null, timeoutSeconds);
    }

    private static String run(List<String> command, Path workingDirectory, int timeoutSeconds) throws IOException {
        // Offline, as CI is: transformers must never reach for the Hub, and its progress bars stay quiet.
        return ScriptRun.run(command, workingDirectory, Map.of("HF_HUB_OFFLINE", "1", "TRANSFORMERS_OFFLINE", "1",
                "TRANSFORMERS_VERBOSITY", "error"), timeoutSeconds);
    }
}
