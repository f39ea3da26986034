package org.embeddingstudio.core.engine;

import org.embeddingstudio.core.engine.NativeAllocator.Decision;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeAllocatorTest {
    private static final Path DEBIAN_TCMALLOC = NativeAllocator.TCMALLOC_PATHS.get(0);
    private static final String GLIBC_MAPS = "7f00-7f10 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n";

    @Test
    void aLinuxProcessOnGlibcStartsAgainUnderTheInstalledTcmalloc() {
        Decision decision = NativeAllocator.decide(Map.of(), "Linux", GLIBC_MAPS, DEBIAN_TCMALLOC::equals);
        assertEquals(new Decision.Relaunch(DEBIAN_TCMALLOC), decision);
    }

    @Test
    void withoutTcmallocTheProcessStaysAndSaysHowToInstallIt() {
        Decision decision = NativeAllocator.decide(Map.of(), "Linux", GLIBC_MAPS, path -> false);
        String allocator = assertInstanceOf(Decision.Stay.class, decision).allocator();
        assertTrue(allocator.contains("apt install libtcmalloc-minimal4"), allocator);
    }

    @Test
    void neverStartsAgainWhenTcmallocServesAlreadyOrTheUserChoseGlibcOrTheLastTryDidNotLoad() {
        String tcmallocMaps = GLIBC_MAPS + "7f20-7f30 r-xp 0 08:01 2 " + DEBIAN_TCMALLOC + "\n";
        assertEquals(new Decision.Stay("tcmalloc"),
                NativeAllocator.decide(Map.of(), "Linux", tcmallocMaps, DEBIAN_TCMALLOC::equals));
        assertInstanceOf(Decision.Stay.class, NativeAllocator.decide(Map.of(NativeAllocator.CHOICE, "glibc"),
                "Linux", GLIBC_MAPS, DEBIAN_TCMALLOC::equals));
        // ld.so ignores a preload it cannot load; starting again would loop.
        String allocator = assertInstanceOf(Decision.Stay.class, NativeAllocator.decide(
                Map.of(NativeAllocator.RELAUNCHED, "1", "LD_PRELOAD", "/gone/libtcmalloc.so"), "Linux", GLIBC_MAPS,
                DEBIAN_TCMALLOC::equals)).allocator();
        assertTrue(allocator.contains("/gone/libtcmalloc.so") && allocator.contains("did not load"), allocator);
        assertInstanceOf(Decision.Stay.class, NativeAllocator.decide(Map.of(), "Mac OS X", "", path -> true));
    }

    @Test
    void aLibraryTheUserNamesIsUsedOrItsAbsenceNamed() {
        Path own = Path.of("/opt/gperftools/lib/libtcmalloc_minimal.so.4");
        assertEquals(new Decision.Relaunch(own), NativeAllocator.decide(Map.of(NativeAllocator.CHOICE, own.toString()),
                "Linux", GLIBC_MAPS, own::equals));
        String allocator = assertInstanceOf(Decision.Stay.class, NativeAllocator.decide(
                Map.of(NativeAllocator.CHOICE, own.toString()), "Linux", GLIBC_MAPS, path -> false)).allocator();
        assertTrue(allocator.contains(own.toString()) && allocator.contains("not a readable file"), allocator);
    }

    @Test
    void theNewProcessKeepsTheEnvironmentWithTcmallocPreloadedFirst() {
        List<String> environment = Arrays.asList(NativeAllocator.relaunchEnvironment(
                Map.of("HOME", "/home/r", "LD_PRELOAD", "libother.so"), DEBIAN_TCMALLOC));
        assertTrue(environment.contains("HOME=/home/r"), environment.toString());
        assertTrue(environment.contains("LD_PRELOAD=" + DEBIAN_TCMALLOC + ":libother.so"), environment.toString());
        assertTrue(environment.contains(NativeAllocator.RELAUNCHED + "=1"), environment.toString());
        assertEquals(1, environment.stream().filter(entry -> entry.startsWith("LD_PRELOAD=")).count());
    }

    /**
     * A real process: its main starts again under tcmalloc where this machine has it (CI installs it), keeping its
     * pid and arguments; where it has none, it goes on under glibc and says why.
     */
    @Test
    void aMainStartsAgainUnderTcmallocKeepingItsPidAndArguments() throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                RelaunchProbe.class.getName(), "first argument", "second")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(line -> line.startsWith("probe ")).toList();
        Optional<Path> tcmalloc = NativeAllocator.tcmallocLibrary();
        String pid = "pid=" + process.pid();
        if (tcmalloc.isPresent() && System.getenv(NativeAllocator.CHOICE) == null) {
            assertEquals(List.of("probe before " + pid + " tcmalloc=false args=[first argument, second]",
                    "probe before " + pid + " tcmalloc=true args=[first argument, second]",
                    "probe after " + pid + " tcmalloc=true args=[first argument, second] allocator=tcmalloc"),
                    lines, output);
        } else {
            assertEquals(2, lines.size(), output);
            assertTrue(lines.get(1).contains("tcmalloc=false") && lines.get(1).contains("glibc malloc ("), output);
        }
    }

    /** The child of the last test: prints what it is before and after asking to start under tcmalloc. */
    public static final class RelaunchProbe {
        private RelaunchProbe() {
        }

        public static void main(String[] args) throws IOException {
            print("before", args, "");
            NativeAllocator.relaunchUnderTcmalloc(RelaunchProbe.class);
            print("after", args, " allocator=" + NativeAllocator.inUse());
        }

        private static void print(String when, String[] args, String suffix) throws IOException {
            boolean tcmalloc = Files.readString(Path.of("/proc/self/maps")).contains("libtcmalloc");
            System.out.println("probe " + when + " pid=" + ProcessHandle.current().pid() + " tcmalloc=" + tcmalloc
                    + " args=" + Arrays.toString(args) + suffix);
        }
    }
}
