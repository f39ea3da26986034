package org.embeddingstudio.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, from /proc (Linux only; -1 elsewhere). */
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

    static long parseVmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
