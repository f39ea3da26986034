package org.embeddingstudio.core.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuFeaturesTest {
    @Test
    void bf16InstructionsAreReadFromTheFlagsLine() {
        assertTrue(CpuFeatures.bf16Instructions("processor\t: 0\nflags\t\t: fpu avx512f avx512_bf16 amx_tile\n"));
        assertTrue(CpuFeatures.bf16Instructions("flags\t\t: fpu amx_bf16 amx_tile\nbugs\t\t: spectre_v1\n"));
        assertFalse(CpuFeatures.bf16Instructions("flags\t\t: fpu avx2 avx512f avx512_bf16x\n"));
        assertFalse(CpuFeatures.bf16Instructions("flags\t\t: fpu avx2\nbugs\t\t: avx512_bf16\n"),
                "only the flags line counts");
    }
}
