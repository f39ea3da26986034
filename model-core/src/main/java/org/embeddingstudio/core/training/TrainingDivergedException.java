package org.embeddingstudio.core.training;

import java.util.Locale;

/**
 * A training step whose loss or gradients were not finite. The run stops there, before the optimizer writes NaN
 * into the parameters: they keep the values of the step before, and the message says what to change.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final int step;

    public TrainingDivergedException(int step, String quantity, double value, double learningRate) {
        super(String.format(Locale.ROOT, "training diverged at step %d: the %s is %s at learning rate %.3g; the "
                + "parameters keep the values of step %d — try a lower learning rate", step, quantity, value,
                learningRate, step - 1));
        this.step = step;
    }

    /** The step (from 1) that diverged; the parameters hold the result of the step before. */
    public int step() {
        return step;
    }
}
