package org.embeddingstudio.core;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineSmokeTest {
    @Test
    void pytorchEngineLoadsOfflineAndMultiplies() {
        try (NDManager m = NDManager.newBaseManager()) {
            var a = m.ones(new Shape(2, 3));
            var b = m.ones(new Shape(3, 4));
            assertEquals(3f, a.matMul(b).getFloat(1, 2));
            assertEquals("PyTorch", m.getEngine().getEngineName());
        }
    }
}
