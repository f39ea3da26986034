package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import org.embeddingstudio.core.engine.FusedAdamW;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter, https://arxiv.org/abs/1711.05101) exactly as {@code torch.optim.AdamW}: decoupled
 * weight decay, bias-corrected moments, epsilon added to the corrected second moment's square root. Parameters are
 * updated in place, so the model's arrays stay the same objects, each in one pass of PyTorch's fused kernel
 * ({@link FusedAdamW}). Biases and LayerNorm weights get no weight decay,
 * as Hugging Face's Trainer groups them.
 */
public final class AdamW implements AutoCloseable {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double weightDecay;
    private int step;

    public AdamW(Map<String, NDArray> parameters, double weightDecay, NDManager manager) {
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        parameters.forEach((name, value) -> {
            firstMoments.put(name, manager.zeros(value.getShape(), value.getDataType()));
            secondMoments.put(name, manager.zeros(value.getShape(), value.getDataType()));
        });
    }

    static boolean decays(String name) {
        return !name.endsWith("bias") && !name.contains("LayerNorm") && !name.contains("layer_norm");
    }

    /**
     * One update from the parameters' current gradients, which are multiplied by {@code gradientScale} first (the
     * clipping coefficient) and zeroed afterwards. Call outside any gradient recording.
     */
    public void step(double learningRate, double gradientScale) {
        step++;
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            NDArray weight = entry.getValue();
            try (NDArray gradient = weight.getGradient()) {
                FusedAdamW.step(weight, gradient, firstMoments.get(name), secondMoments.get(name),
                        new FusedAdamW.Update(step, learningRate, decays(name) ? weightDecay : 0, BETA1, BETA2, EPSILON,
                                gradientScale));
            }
        }
    }

    /** Sets every gradient to zero without an update, also gradients that hold NaN or infinity. */
    public void discardGradients() {
        for (NDArray weight : parameters.values()) {
            try (NDScope ignored = new NDScope()) {
                weight.getGradient().set(new NDIndex("..."), 0f);
            }
        }
    }

    /** Global L2 norm of all gradients, as {@code torch.nn.utils.clip_grad_norm_} measures it. */
    public double gradientNorm() {
        double sum = 0;
        for (NDArray weight : parameters.values()) {
            try (NDScope ignored = new NDScope()) {
                sum += FusedAdamW.squaredNorm(weight.getGradient());
            }
        }
        return Math.sqrt(sum);
    }

    /** Steps taken so far (restored on resume). */
    public int stepCount() {
        return step;
    }

    /** Optimizer state by name, for checkpoints: {@code NAME.exp_avg}, {@code NAME.exp_avg_sq}. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        firstMoments.forEach((name, value) -> state.put(name + ".exp_avg", value));
        secondMoments.forEach((name, value) -> state.put(name + ".exp_avg_sq", value));
        return state;
    }

    /** Restores the state of a checkpoint written from {@link #state()}. */
    public void restore(Map<String, NDArray> state, int steps) {
        firstMoments.forEach((name, value) -> value.set(state.get(name + ".exp_avg").toByteBuffer()));
        secondMoments.forEach((name, value) -> value.set(state.get(name + ".exp_avg_sq").toByteBuffer()));
        step = steps;
    }

    @Override
    public void close() {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
    }
}
