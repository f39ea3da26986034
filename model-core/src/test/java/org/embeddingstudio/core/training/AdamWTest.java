package org.embeddingstudio.core.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {
    @Test
    void twoStepsMatchTorchsAdamWFormulaAndZeroTheGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[]{1f, -2f});
            NDArray bias = manager.create(new float[]{0.5f});
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("w.weight", weight);
            parameters.put("w.bias", bias);
            double lr = 0.1;
            double decay = 0.01;
            double[] w = {1, -2};
            double[] b = {0.5};
            double[] mw = new double[2];
            double[] vw = new double[2];
            double[] mb = new double[1];
            double[] vb = new double[1];
            try (AdamW optimizer = new AdamW(parameters, decay, manager)) {
                parameters.values().forEach(p -> p.setRequiresGradient(true));
                for (int step = 1; step <= 2; step++) {
                    // loss = sum(w² · 0.5) + 3·b → gradients w and 3; scaled by 0.5 as clipping would.
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(weight.square().mul(0.5f).sum().add(bias.mul(3f).sum()));
                    }
                    optimizer.step(lr, 0.5);
                    expected(w, new double[]{0.5 * w[0], 0.5 * w[1]}, mw, vw, lr, decay, step);
                    expected(b, new double[]{0.5 * 3}, mb, vb, lr, 0, step);
                    assertArrayEquals(new float[]{(float) w[0], (float) w[1]}, weight.toFloatArray(), 1e-6f);
                    assertArrayEquals(new float[]{(float) b[0]}, bias.toFloatArray(), 1e-6f);
                    assertEquals(0f, weight.getGradient().abs().sum().getFloat());
                }
            }
        }
    }

    /** torch.optim.AdamW's update, in double precision. */
    private static void expected(double[] p, double[] g, double[] m, double[] v, double lr, double decay, int step) {
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - lr * decay;
            m[i] = AdamW.BETA1 * m[i] + (1 - AdamW.BETA1) * g[i];
            v[i] = AdamW.BETA2 * v[i] + (1 - AdamW.BETA2) * g[i] * g[i];
            double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(AdamW.BETA2, step)) + AdamW.EPSILON;
            p[i] -= lr / (1 - Math.pow(AdamW.BETA1, step)) * m[i] / denominator;
        }
    }
}
