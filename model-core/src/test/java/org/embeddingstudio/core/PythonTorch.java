package org.embeddingstudio.core;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs test scripts with a Python that has PyTorch ({@code /usr/bin/python3} unless the environment
 * variable {@code PYTHON_TORCH} names another). Interop tests call {@link #require()} first: without torch they are
 * skipped on a developer machine, but fail under CI (environment variable {@code CI} set) so CI cannot pass by
 * silently skipping them.
 */
public final class PythonTorch {
    private static final String PYTHON = System.getenv().getOrDefault("PYTHON_TORCH", "/usr/bin/python3");
    private static String unavailableBecause;
    private static boolean probed;

    private PythonTorch() {
    }

    /** Fails (under CI) or skips the calling test unless PyTorch can be imported. */
    public static synchronized void require() {
        if (!probed) {
            probed = true;
            try {
                run(PythonTorch.class, "probe_torch.py");
            } catch (IOException | AssertionError e) {
                unavailableBecause = e.getMessage();
            }
        }
        if (unavailableBecause != null) {
            String message = "install python3-torch to run the PyTorch interop tests (" + PYTHON + ": "
                    + unavailableBecause + ")";
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
    }

    /**
     * Runs a script found as a test resource beside {@code anchor} with these arguments and returns its standard
     * output; a non-zero exit fails the test.
     */
    public static String run(Class<?> anchor, String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script(anchor, script).toString()));
        command.addAll(List.of(arguments));
        return ScriptRun.run(command, null, Map.of(), 120);
    }

    private static Path script(Class<?> anchor, String name) {
        try {
            return Path.of(anchor.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
