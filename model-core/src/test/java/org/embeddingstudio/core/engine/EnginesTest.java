package org.embeddingstudio.core.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginesTest {
    @Test
    void flavorIsTheDeviceKindInDjlsFolderName() {
        assertEquals("cpu", Engines.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        assertEquals("cu124", Engines.flavorOf("/root/.djl.ai/pytorch/2.7.1-cu124-linux-x86_64"));
        assertEquals("unknown", Engines.flavorOf("/opt/libtorch"));
        assertEquals("unknown", Engines.flavorOf(""));
    }

    @Test
    void theLoadedEngineIsDescribed() {
        Engines.EngineInfo info = Engines.pytorch();
        assertEquals("PyTorch", info.engine());
        assertFalse(info.version().isEmpty());
        assertTrue(info.devices().contains("cpu()"), info.devices().toString());
        assertTrue(info.describe().contains(info.version()));
    }
}
