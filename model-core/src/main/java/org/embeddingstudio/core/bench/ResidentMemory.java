package org.embeddingstudio.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size and page faults, from /proc (Linux only; -1 elsewhere). */
final class ResidentMemory {
    private ResidentMemory() {
    }

    /** VmRSS in bytes, or -1 where /proc/self/status is missing. */
    static long bytes() {
        try {
            return parseVmRss(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmHWM, the process's peak resident set so far, in bytes, or -1 where /proc/self/status is missing. */
    static long peakBytes() {
        try {
            return parseStatusBytes(Files.readString(Path.of("/proc/self/status")), "VmHWM:");
        } catch (IOException e) {
            return -1;
        }
    }

    /** Minor page faults so far (fresh pages touched for the first time), or -1 where /proc is missing. */
    static long minorFaults() {
        try {
            return parseMinorFaults(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            return -1;
        }
    }

    static long parseMinorFaults(String stat) {
        // Fields after the parenthesised command name: state is field 3, minflt field 10.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }

    static long parseVmRss(String status) {
        return parseStatusBytes(status, "VmRSS:");
    }

    private static long parseStatusBytes(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
