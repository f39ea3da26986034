package org.embeddingstudio.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutocastTest {
    private static final int ROWS = 5;
    private static final int INNER = 300;
    private static final int COLUMNS = 7;

    @Test
    void bf16ProductsRoundTheirInputsToBfloat16AndAccumulateInFloat32() {
        float[] x = values(ROWS * INNER, 1);
        float[] w = values(COLUMNS * INNER, 2);
        float[] b = values(COLUMNS, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray xs = manager.create(x, new Shape(ROWS, INNER));
            NDArray ws = manager.create(w, new Shape(COLUMNS, INNER));
            ws.setName("encoder.layer.0.weight"); // as the model's parameters are named
            NDArray bs = manager.create(b);
            bs.setName("encoder.layer.0.bias");
            float[] fp32 = Autocast.linear(xs, ws, bs).toFloatArray();
            NDArray bf16Result = Autocast.with(Precision.BF16, () -> Autocast.linear(xs, ws, bs));
            assertEquals(DataType.FLOAT32, bf16Result.getDataType(), "DJL only ever sees float32");
            assertSame(manager, bf16Result.getManager(), "freed with its inputs, not kept by the kernel");
            float[] bf16 = bf16Result.toFloatArray();
            float[] noBias = Autocast.with(Precision.BF16, () -> Autocast.linear(xs, ws)).toFloatArray();
            float[] product = Autocast.with(Precision.BF16, () -> Autocast.matMul(xs, ws.transpose())).toFloatArray();
            double largestDifferenceFromFp32 = 0;
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    double exact = 0;
                    double rounded = 0;
                    for (int k = 0; k < INNER; k++) {
                        exact += (double) x[r * INNER + k] * w[c * INNER + k];
                        rounded += (double) bfloat16(x[r * INNER + k]) * bfloat16(w[c * INNER + k]);
                    }
                    int i = r * COLUMNS + c;
                    // The product's output is a bfloat16 tensor before the cast back: rounded to 8 significant bits.
                    assertEquals(rounded, product[i], Math.abs(rounded) / 128 + 1e-4, "matmul at " + i);
                    assertEquals(rounded, noBias[i], Math.abs(rounded) / 128 + 1e-4, "linear at " + i);
                    assertEquals(rounded + bfloat16(b[c]), bf16[i], Math.abs(rounded) / 64 + 1e-3, "bias at " + i);
                    assertEquals(exact + b[c], fp32[i], 1e-4, "fp32 at " + i);
                    largestDifferenceFromFp32 = Math.max(largestDifferenceFromFp32, Math.abs(bf16[i] - fp32[i]));
                }
            }
            assertTrue(largestDifferenceFromFp32 > 1e-3, "bf16 must not silently compute in float32");
        }
    }

    @Test
    void gradientsFlowThroughBf16ProductsToFloat32Parameters() {
        float[] x = values(ROWS * INNER, 4);
        float[] w = values(COLUMNS * INNER, 5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray xs = manager.create(x, new Shape(ROWS, INNER));
            NDArray ws = manager.create(w, new Shape(COLUMNS, INNER));
            ws.setName("decoder.layers.0.weight");
            ws.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Autocast.with(Precision.BF16, () -> Autocast.linear(xs, ws));
                collector.backward(y.sum());
            }
            NDArray gradient = ws.getGradient();
            assertEquals(DataType.FLOAT32, gradient.getDataType());
            float[] g = gradient.toFloatArray();
            // d(sum y)/dW[c, k] = sum over rows of x[r, k], computed from bfloat16 inputs.
            for (int k = 0; k < INNER; k++) {
                double expected = 0;
                for (int r = 0; r < ROWS; r++) {
                    expected += bfloat16(x[r * INNER + k]);
                }
                for (int c = 0; c < COLUMNS; c++) {
                    assertEquals(expected, g[c * INNER + k], Math.abs(expected) / 64 + 1e-3, "gradient at " + k);
                }
            }
        }
    }

    @Test
    void theKernelsOutliveGarbageCollections() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(values(4 * 8, 6), new Shape(4, 8));
            NDArray first = Autocast.with(Precision.BF16, () -> Autocast.matMul(x, x.transpose()));
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            NDArray again = Autocast.with(Precision.BF16, () -> Autocast.matMul(x, x.transpose()));
            assertArrayEquals(first.toFloatArray(), again.toFloatArray());
        }
    }

    @Test
    void thePrecisionBelongsToTheThreadThatChoseItAndIsRestoredAfterwards() throws Exception {
        Precision seenElsewhere = Autocast.with(Precision.BF16,
                () -> CompletableFuture.supplyAsync(Autocast::current).join());
        assertEquals(Precision.FP32, seenElsewhere);
        assertThrows(IllegalStateException.class, () -> Autocast.with(Precision.BF16, () -> {
            throw new IllegalStateException("a failing step");
        }));
        assertEquals(Precision.FP32, Autocast.current());
    }

    @Test
    void precisionsParseAsUsersTypeThem() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("unknown precision 'fp16': choose fp32 or bf16", e.getMessage());
        assertArrayEquals(new Precision[] {Precision.FP32, Precision.BF16}, Precision.values());
    }

    /** Rounds to the nearest bfloat16 (ties to even), as PyTorch's cast does. */
    private static float bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat((bits + rounding) & 0xFFFF0000);
    }

    private static float[] values(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
