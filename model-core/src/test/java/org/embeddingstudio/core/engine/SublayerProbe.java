package org.embeddingstudio.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.embeddingstudio.core.engine.Bf16Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** What the fused-sublayer tests compare: a sublayer's output and the gradient it passes back to its input. */
final class SublayerProbe {
    private SublayerProbe() {
    }

    /**
     * A fused sublayer against the same arithmetic written op by op: in float32 the outputs within 1e-5 and the
     * gradients of the input within 1e-6 of their size (float32 rounding of sums in another order); in bf16 both
     * within bfloat16's rounding of the float32 values.
     */
    static void assertFusedMatchesByHand(NDArray x, UnaryOperator<NDArray> fused, UnaryOperator<NDArray> byHand) {
        float[][] expected = valueAndGradient(x, byHand);
        float[][] actual = valueAndGradient(x, fused);
        assertArrayEquals(expected[0], actual[0], 1e-5f, "outputs");
        assertArrayEquals(expected[1], actual[1], 1e-6f * largest(expected[1]), "gradients of the input");
        float[][] bf16 = Autocast.with(Precision.BF16, () -> valueAndGradient(x, fused));
        assertClose(expected[0], bf16[0], "bf16 outputs");
        assertClose(expected[1], bf16[1], "bf16 gradients");
    }

    /** The output, and the gradient of the sum of output · fixed weights with respect to x. */
    private static float[][] valueAndGradient(NDArray x, UnaryOperator<NDArray> layer) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            float[] output;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = layer.apply(input);
                NDArray weights = scope.arange((float) y.size()).reshape(y.getShape()).mul(0.01f).sin();
                collector.backward(y.mul(weights).sum());
                output = y.toFloatArray();
            }
            return new float[][] {output, input.getGradient().toFloatArray()};
        }
    }

    private static float largest(float[] values) {
        float largest = 0;
        for (float value : values) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }

    /** Gaussian values with standard deviation 0.5. */
    static NDArray random(NDManager manager, Random random, long... shape) {
        float[] values = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.5);
        }
        return manager.create(values, new Shape(shape));
    }
}
