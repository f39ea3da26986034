package org.embeddingstudio.core.bench;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much of the machine this process got while a benchmark ran: process CPU time over wall time × cores, plus the
 * load average. Why: the cores are shared with other builds, and a figure measured while we got half the CPU says
 * more about the neighbours than about the code.
 */
final class CpuShare {
    private final long startCpu = cpuNanos();
    private final long startWall = System.nanoTime();

    /** E.g. "CPU share 97 % of 2 cores, load average 1.9". */
    String describe() {
        double wall = System.nanoTime() - startWall;
        int cores = Runtime.getRuntime().availableProcessors();
        double share = (cpuNanos() - startCpu) / (wall * cores);
        return String.format(Locale.ROOT, "CPU share %.0f %% of %d cores, load average %s", 100 * share, cores,
                loadAverage());
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
