package org.embeddingstudio.core.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {
    @Test
    void describeReportsMallocEnvironmentVariablesAndTunables() {
        String description = NativeMemory.describe(Map.of("MALLOC_TRIM_THRESHOLD_", "-1",
                "GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", "PATH", "/usr/bin"));
        assertTrue(description.contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1"), description);
        assertTrue(description.contains("MALLOC_TRIM_THRESHOLD_=-1"), description);
        assertTrue(!description.contains("PATH"), description);
    }

    @Test
    void describeSaysNoneWithoutMallocVariablesAndWhatOnlyTheEnvironmentCanDo() {
        String description = NativeMemory.describe(Map.of("HOME", "/root"));
        assertTrue(description.contains("environment: none"), description);
        assertTrue(description.contains("MALLOC_ARENA_MAX=1"), description);
        assertTrue(!NativeMemory.describe(Map.of("MALLOC_ARENA_MAX", "1")).contains("still mmapped"));
    }

    @Test
    void settingsAreFormattedInUnitsAndDefaults() {
        assertEquals("mmap_threshold=32MiB trim_threshold=never top_pad=64MiB mmap_max=0 arena_max=default",
                NativeMemory.format(NativeMemory.Settings.keepAll()));
        assertEquals("mmap_threshold=default trim_threshold=1000B top_pad=default mmap_max=default arena_max=default",
                NativeMemory.format(new NativeMemory.Settings(-1, 1000, -1, -1, 0)));
    }

    @Test
    void appliedSettingsAreDescribedOnGlibc() {
        // Leaves glibc's own thresholds in place (negative fields are not set), so the test JVM is unaffected.
        NativeMemory.Settings unchanged = new NativeMemory.Settings(-1, -1, -1, -1, 0);
        boolean applied = NativeMemory.keepFreedMemory(unchanged);
        String description = NativeMemory.describe(Map.of());
        if (applied) {
            assertTrue(description.contains("mallopt(glibc "), description);
        } else {
            assertTrue(description.contains("not applied"), description);
        }
    }
}
