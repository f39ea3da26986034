package org.embeddingstudio.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs the process under tcmalloc instead of glibc's malloc, where tcmalloc is installed.
 *
 * <p>Why: PyTorch's training step frees and re-allocates hundreds of megabytes of differently sized blocks. glibc
 * keeps what is freed in its arenas, fragmented: training the demo model's size, 1.2 GB of the 2.1 GB resident was
 * free blocks glibc could not reuse (measured with {@code mallinfo2}, issue 13 §7). tcmalloc, on the same run, peaks
 * at 1.5 GB and trains as fast or faster ({@code bin/bench training-memory} prints them side by side).
 *
 * <p>An allocator is chosen when a process starts ({@code LD_PRELOAD}), and neither jpackage's launcher nor Maven's
 * {@code javafx:run} can set a variable. So an entry point calls {@link #relaunchUnderTcmalloc(Class)} first: it
 * replaces the process with itself — {@code execve} of {@code /proc/self/exe} with the same arguments, so the pid,
 * the terminal and the parent's wait stay — with {@code LD_PRELOAD} naming tcmalloc. That costs one more JVM start.
 * The variable {@value #CHOICE} set to {@code glibc} keeps glibc's malloc; set to a path, it names the library.
 */
public final class NativeAllocator {
    /** Environment variable: {@code glibc} to keep glibc's malloc, or the path of a tcmalloc library. */
    public static final String CHOICE = "EMBEDDING_STUDIO_ALLOCATOR";
    /** Set in the re-executed process, so it never tries twice. */
    static final String RELAUNCHED = "EMBEDDING_STUDIO_RELAUNCHED";
    /** Where distributions install gperftools' tcmalloc (Debian/Ubuntu, Fedora, Arch). */
    static final List<Path> TCMALLOC_PATHS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib64/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib/libtcmalloc_minimal.so.4"));

    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);
    private static volatile String inUse = "glibc malloc (" + NativeAllocator.class.getSimpleName()
            + " was not asked to choose)";

    private NativeAllocator() {
    }

    /** What {@link #decide} concluded: start again under {@code library}, or go on as the process is. */
    sealed interface Decision {
        record Relaunch(Path library) implements Decision {
        }

        record Stay(String allocator) implements Decision {
        }
    }

    interface CLibrary extends Library {
        int execve(String path, String[] argv, String[] environment);
    }

    /**
     * Re-executes this process under tcmalloc when that helps and is possible; returns when the process goes on as
     * it is (then {@link #inUse()} says which allocator and why). Does nothing unless {@code mainClass} is the
     * class this JVM was started with, so a test or a host application calling a {@code main} is never replaced.
     */
    public static void relaunchUnderTcmalloc(Class<?> mainClass) {
        String command = System.getProperty("sun.java.command", "");
        if (!command.equals(mainClass.getName()) && !command.startsWith(mainClass.getName() + " ")) {
            inUse = "glibc malloc (" + mainClass.getSimpleName() + " is not this process's main class)";
            return;
        }
        Decision decision = decide(System.getenv(), System.getProperty("os.name", ""), loadedLibraries(),
                Files::isReadable);
        if (decision instanceof Decision.Stay stay) {
            inUse = stay.allocator();
            LOG.debug("native allocator: {}", inUse);
            return;
        }
        Path library = ((Decision.Relaunch) decision).library();
        String failure = execveSelf(library);
        inUse = "glibc malloc (starting again under " + library + " failed: " + failure + ")";
        LOG.warn("native allocator: {}", inUse);
    }

    /** The allocator this process uses, and why, as one line for logs and the About box. */
    public static String inUse() {
        return inUse;
    }

    /** Whether tcmalloc serves this process's allocations. */
    public static boolean usingTcmalloc() {
        return isTcmallocLoaded(loadedLibraries());
    }

    /** The tcmalloc library this machine has, if any ({@value #CHOICE} if it names one). */
    public static Optional<Path> tcmallocLibrary() {
        return library(System.getenv(), Files::isReadable);
    }

    /** The library {@value #CHOICE} names, else the first installed one; empty when that is not readable. */
    static Optional<Path> library(Map<String, String> environment, Predicate<Path> readable) {
        String choice = environment.getOrDefault(CHOICE, "").trim();
        if (!choice.isEmpty() && !choice.equalsIgnoreCase("glibc")) {
            return Optional.of(Path.of(choice)).filter(readable);
        }
        return TCMALLOC_PATHS.stream().filter(readable).findFirst();
    }

    static Decision decide(Map<String, String> environment, String osName, String loadedLibraries,
                           Predicate<Path> readable) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return new Decision.Stay("the system's malloc (" + osName + ")");
        }
        if (isTcmallocLoaded(loadedLibraries)) {
            return new Decision.Stay("tcmalloc");
        }
        String choice = environment.getOrDefault(CHOICE, "").trim();
        if (choice.equalsIgnoreCase("glibc")) {
            return new Decision.Stay("glibc malloc (" + CHOICE + "=glibc)");
        }
        if (environment.containsKey(RELAUNCHED)) {
            return new Decision.Stay("glibc malloc (the library in LD_PRELOAD="
                    + environment.getOrDefault("LD_PRELOAD", "") + " did not load)");
        }
        return library(environment, readable).<Decision>map(Decision.Relaunch::new)
                .orElseGet(() -> new Decision.Stay(choice.isEmpty()
                        ? "glibc malloc (tcmalloc is not installed; with it, training needs about a third less "
                        + "memory: apt install libtcmalloc-minimal4, dnf install gperftools-libs or pacman -S "
                        + "gperftools)"
                        : "glibc malloc (" + CHOICE + " names " + choice + ", which is not a readable file)"));
    }

    static boolean isTcmallocLoaded(String loadedLibraries) {
        return loadedLibraries.contains("libtcmalloc");
    }

    /** The environment the re-executed process gets: this one, with {@code library} first in LD_PRELOAD. */
    static String[] relaunchEnvironment(Map<String, String> environment, Path library) {
        List<String> entries = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (!name.equals("LD_PRELOAD")) {
                entries.add(name + "=" + value);
            }
        });
        String preload = environment.getOrDefault("LD_PRELOAD", "").trim();
        entries.add("LD_PRELOAD=" + library + (preload.isEmpty() ? "" : ":" + preload));
        entries.add(RELAUNCHED + "=1");
        return entries.toArray(String[]::new);
    }

    private static String execveSelf(Path library) {
        List<String> arguments;
        Map<String, String> environment;
        Path executable;
        try {
            arguments = nulSeparated(Path.of("/proc/self/cmdline"));
            // The environment the process was started with, not System.getenv(): a launcher may have added
            // variables since (jpackage's marks itself, and started again with the mark it acts as plain java).
            environment = new LinkedHashMap<>();
            for (String entry : nulSeparated(Path.of("/proc/self/environ"))) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
            executable = Path.of("/proc/self/exe").toRealPath();
        } catch (IOException | RuntimeException e) {
            return "cannot read this process's command line: " + e.getMessage();
        }
        System.out.flush();
        System.err.flush();
        try {
            CLibrary libc = Native.load("c", CLibrary.class);
            libc.execve(executable.toString(), arguments.toArray(String[]::new),
                    relaunchEnvironment(environment, library));
            return "execve returned (errno " + Native.getLastError() + ")";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e.toString();
        }
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(List.of(content.split("\0")));
        return parts;
    }

    private static String loadedLibraries() {
        try {
            return Files.readString(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
