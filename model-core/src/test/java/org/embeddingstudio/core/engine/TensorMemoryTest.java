package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorMemoryTest {
    @Test
    void aFillThroughTheViewWritesExactlyWhatGaussianFillDraws() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int rows = 300;
            int dimension = 700; // 210 000 values: several of GaussianFill's blocks
            NDArray array = TensorMemory.uninitialised(manager, new Shape(rows, dimension));
            ByteBuffer view = TensorMemory.view(array).orElseThrow();
            GaussianFill.fill(view.asFloatBuffer(), 11, 0f, 0.02f);
            assertArrayEquals(GaussianFill.draw(rows * dimension, 11, 0f, 0.02f), array.toFloatArray());
        }
    }

    @Test
    void theViewIsTheArraysMemoryBothWays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(new float[]{1, 2, 3, 4}, new Shape(2, 2));
            FloatBuffer view = TensorMemory.view(array).orElseThrow().asFloatBuffer();
            view.put(3, 40f);
            assertEquals(40f, array.getFloat(1, 1));
            array.set(new NDIndex("0, 0"), 10f);
            assertEquals(10f, view.get(0));
        }
    }

    @Test
    void aNonContiguousArrayHasNoView() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray transposed = manager.arange(6f).reshape(2, 3).transpose();
            assertTrue(TensorMemory.view(transposed).isEmpty());
        }
    }
}
