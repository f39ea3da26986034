package org.embeddingstudio.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.Random;
import java.util.function.UnaryOperator;

/** What the fused-sublayer tests compare: a sublayer's output and the gradient it passes back to its input. */
final class SublayerProbe {
    private SublayerProbe() {
    }

    /** The output, and the gradient of the sum of output · fixed weights with respect to x. */
    static float[][] valueAndGradient(NDArray x, UnaryOperator<NDArray> layer) {
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

    static float largest(float[] values) {
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
