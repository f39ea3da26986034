package org.embeddingstudio.core.training;

import org.embeddingstudio.core.engine.Precision;

/**
 * Hyper-parameters of an adapter training run, with Hugging Face {@code TrainingArguments}-like defaults.
 *
 * @param learningRate        peak learning rate of AdamW
 * @param batchSize           sequences per step
 * @param maxLength           tokens per sequence (longer ones are cut)
 * @param steps               optimisation steps; 0 means "use {@code epochs}"
 * @param epochs              passes over the training split when {@code steps} is 0
 * @param warmupRatio         share of the steps over which the learning rate rises linearly from 0
 * @param weightDecay         AdamW's decoupled weight decay (not applied to biases and LayerNorm weights)
 * @param maxGradNorm         gradients are scaled down so their global L2 norm is at most this; 0 disables
 * @param seed                seeds data order, masking and dropout
 * @param evalSplit           share of the data held out for evaluation
 * @param evalEvery           evaluate every this many steps (and at the end); 0 only at the end
 * @param checkpointEvery     write a checkpoint every this many steps; 0 never
 * @param maskProbability     share of tokens masked for masked-LM training
 * @param precision           the arithmetic of the matrix products (float32 master weights either way)
 */
public record TrainingConfig(double learningRate, int batchSize, int maxLength, int steps, int epochs,
                             double warmupRatio, double weightDecay, double maxGradNorm, long seed,
                             double evalSplit, int evalEvery, int checkpointEvery, double maskProbability,
                             Precision precision) {
    public TrainingConfig {
        // Runs saved before precision was a setting computed in float32.
        precision = precision == null ? Precision.FP32 : precision;
        check(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1)");
        check(batchSize > 0, "batch size must be positive");
        check(maxLength >= 8, "sequence length must be at least 8");
        check(steps >= 0 && epochs >= 0 && (steps > 0 || epochs > 0), "give a number of steps or epochs");
        check(warmupRatio >= 0 && warmupRatio < 1, "warm-up ratio must be in [0, 1)");
        check(weightDecay >= 0, "weight decay must not be negative");
        check(maxGradNorm >= 0, "gradient clipping norm must not be negative");
        check(evalSplit >= 0 && evalSplit < 1, "evaluation split must be in [0, 1)");
        check(evalEvery >= 0 && checkpointEvery >= 0, "intervals must not be negative");
        check(maskProbability > 0 && maskProbability < 1, "mask probability must be in (0, 1)");
    }

    /** A float32 configuration. */
    public TrainingConfig(double learningRate, int batchSize, int maxLength, int steps, int epochs,
                          double warmupRatio, double weightDecay, double maxGradNorm, long seed,
                          double evalSplit, int evalEvery, int checkpointEvery, double maskProbability) {
        this(learningRate, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay, maxGradNorm, seed,
                evalSplit, evalEvery, checkpointEvery, maskProbability, Precision.FP32);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Sensible defaults: 1e-4, batch 8 × 128, 100 steps, 10 % warm-up, decay 0.01, clip 1.0, 10 % held out. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(1e-4, 8, 128, 100, 0, 0.1, 0.01, 1.0, 42, 0.1, 0, 0, 0.15);
    }

    public TrainingConfig withSteps(int value) {
        return new TrainingConfig(learningRate, batchSize, maxLength, value, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(value, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withBatch(int size, int length) {
        return new TrainingConfig(learningRate, size, length, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(learningRate, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, value, evalSplit, evalEvery, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withEvaluation(double split, int every) {
        return new TrainingConfig(learningRate, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, split, every, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withCheckpointEvery(int every) {
        return new TrainingConfig(learningRate, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, every, maskProbability, precision);
    }

    public TrainingConfig withWarmupRatio(double value) {
        return new TrainingConfig(learningRate, batchSize, maxLength, steps, epochs, value, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, checkpointEvery, maskProbability, precision);
    }

    public TrainingConfig withPrecision(Precision value) {
        return new TrainingConfig(learningRate, batchSize, maxLength, steps, epochs, warmupRatio, weightDecay,
                maxGradNorm, seed, evalSplit, evalEvery, checkpointEvery, maskProbability, value);
    }

    /** Total optimisation steps for a training split of {@code examples} sequences. */
    public int totalSteps(int examples) {
        return steps > 0 ? steps : Math.max(1, epochs * ((examples + batchSize - 1) / batchSize));
    }

    /** The learning rate at a step (0-based): linear warm-up, then linear decay to 0, as HF's linear schedule. */
    public double learningRateAt(int step, int totalSteps) {
        int warmup = (int) Math.ceil(warmupRatio * totalSteps);
        if (step < warmup) {
            return learningRate * (step + 1) / warmup;
        }
        return learningRate * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmup));
    }
}
