package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingInitializerTest {
    @Test
    void theMatrixIsTheSeededDrawWithAZeroPadRowAndCopiedReferenceRows() {
        int rows = 6;
        int dimension = 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray referenceWeight = manager.arange(12f).reshape(4, 3); // rows 0..3: 0 1 2 | 3 4 5 | …
            TokenEmbedding reference = new TokenEmbedding(manager, referenceWeight, manager.zeros(new Shape(4)), null,
                    new EmbeddingOrigin("test", "", "", EmbeddingOrigin.EXACT, 0), new byte[4]);
            byte[] origins = new byte[rows];
            RowMapping mapping = new RowMapping(new int[]{1, 4}, new int[]{3, 0});
            NDArray weight = EmbeddingInitializer.fillMatrix(manager, rows, dimension, 9, OptionalInt.of(0),
                    reference.weight(), mapping, origins);

            float[] expected = GaussianFill.draw(rows * dimension, 9, 0f, EmbeddingInitializer.STD);
            Arrays.fill(expected, 0, 3, 0f);               // padding row
            System.arraycopy(new float[]{9, 10, 11}, 0, expected, 3, 3);  // row 1 ← reference row 3
            System.arraycopy(new float[]{0, 1, 2}, 0, expected, 12, 3);   // row 4 ← reference row 0
            assertArrayEquals(expected, weight.toFloatArray());
            assertEquals(RowOrigin.COPIED.code(), origins[1]);
            assertEquals(RowOrigin.COPIED.code(), origins[4]);
            assertEquals(0, origins[2]);
        }
    }
}
