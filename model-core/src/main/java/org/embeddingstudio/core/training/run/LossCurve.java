package org.embeddingstudio.core.training.run;

import java.util.Arrays;

/**
 * A run's training loss by step, raw and smoothed (an exponential moving average with TensorBoard's bias
 * correction, so the first points are not pulled towards 0), and its evaluation losses. Grows by appending only.
 */
public final class LossCurve {
    private static final double SMOOTHING = 0.9;
    private int[] steps = new int[64];
    private float[] raw = new float[64];
    private float[] smoothed = new float[64];
    private int size;
    private double average;
    private double weight;
    private int[] evaluationSteps = new int[8];
    private float[] evaluationLosses = new float[8];
    private int evaluations;

    /** Appends a training loss at {@code step}; a non-finite loss is kept raw but leaves the average alone. */
    public void add(int step, double loss) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            raw = Arrays.copyOf(raw, size * 2);
            smoothed = Arrays.copyOf(smoothed, size * 2);
        }
        if (Double.isFinite(loss)) {
            average = SMOOTHING * average + (1 - SMOOTHING) * loss;
            weight = SMOOTHING * weight + (1 - SMOOTHING);
        }
        steps[size] = step;
        raw[size] = (float) loss;
        smoothed[size] = (float) (weight == 0 ? loss : average / weight);
        size++;
    }

    public void addEvaluation(int step, double loss) {
        if (evaluations == evaluationSteps.length) {
            evaluationSteps = Arrays.copyOf(evaluationSteps, evaluations * 2);
            evaluationLosses = Arrays.copyOf(evaluationLosses, evaluations * 2);
        }
        evaluationSteps[evaluations] = step;
        evaluationLosses[evaluations] = (float) loss;
        evaluations++;
    }

    public int size() {
        return size;
    }

    public int step(int i) {
        return steps[i];
    }

    public float raw(int i) {
        return raw[i];
    }

    public float smoothed(int i) {
        return smoothed[i];
    }

    public int evaluations() {
        return evaluations;
    }

    public int evaluationStep(int i) {
        return evaluationSteps[i];
    }

    public float evaluationLoss(int i) {
        return evaluationLosses[i];
    }

    /** The last smoothed loss, or NaN before the first step. */
    public double lastSmoothed() {
        return size == 0 ? Double.NaN : smoothed[size - 1];
    }
}
