package org.embeddingstudio.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.embeddingstudio.core.engine.Bf16Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunked head loss against the logits computed whole (log-softmax, the label's entry, mean; arg-max): the same
 * loss, hits and gradients for the hidden states and the output rows, whatever the chunking, and in bf16 within
 * bfloat16's rounding of them.
 */
class LinearCrossEntropyTest {
    private static final int N = 13;
    private static final int H = 8;
    private static final int V = 40;

    @ParameterizedTest(name = "{0} rows a chunk")
    @CsvSource({"1", "4", "13", "100"})
    void lossHitsAndGradientsEqualTheWholeLogitsComputation(long rows) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Inputs inputs = new Inputs(manager, 5);
            Outcome whole = inputs.run((x, w) -> wholeLogits(x, w, inputs.labels));
            Outcome chunked = inputs.run((x, w) -> LinearCrossEntropy.of(x, w, inputs.labels, rows));
            assertEquals(whole.loss, chunked.loss, 1e-6f, "loss");
            assertEquals(whole.correct, chunked.correct, "arg-max hits");
            assertTrue(whole.correct > 0 && whole.correct < N, "the labels make some hits and some misses");
            assertArrayEquals(whole.hiddenGradient, chunked.hiddenGradient, 1e-7f, "gradient of the hidden states");
            assertArrayEquals(whole.weightGradient, chunked.weightGradient, 1e-7f, "gradient of the output rows");
        }
    }

    @Test
    void bf16RoundsTheProductsButStaysCloseToFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Inputs inputs = new Inputs(manager, 9);
            Outcome whole = inputs.run((x, w) -> wholeLogits(x, w, inputs.labels));
            Outcome bf16 = Autocast.with(Precision.BF16, () ->
                    inputs.run((x, w) -> LinearCrossEntropy.of(x, w, inputs.labels, 4)));
            assertTrue(whole.loss != bf16.loss, "bf16 products round the logits");
            assertEquals(whole.loss, bf16.loss, 0.02 * whole.loss, "bf16 loss");
            assertClose(whole.hiddenGradient, bf16.hiddenGradient, "bf16 gradient of the hidden states");
            assertClose(whole.weightGradient, bf16.weightGradient, "bf16 gradient of the output rows");
        }
    }

    @Test
    void outsideTrainingItGivesTheLossAndHits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Inputs inputs = new Inputs(manager, 3);
            Outcome whole = inputs.run((x, w) -> wholeLogits(x, w, inputs.labels));
            LinearCrossEntropy.Result result = LinearCrossEntropy.of(inputs.hidden, inputs.weight, inputs.labels, 4);
            assertEquals(whole.loss, result.loss().getFloat(), 1e-6f);
            assertEquals(whole.correct, result.correct());
        }
    }

    private static LinearCrossEntropy.Result wholeLogits(NDArray x, NDArray w, NDArray labels) {
        NDArray logits = x.matMul(w.transpose());
        NDArray loss = logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).mean().neg();
        return new LinearCrossEntropy.Result(loss, (int) logits.argMax(1).eq(labels).sum().getLong());
    }

    private record Outcome(float loss, int correct, float[] hiddenGradient, float[] weightGradient) {
    }

    private interface Head {
        LinearCrossEntropy.Result apply(NDArray hidden, NDArray weight);
    }

    /** Hidden states, output rows and labels; the labels are the arg-max of the first rows, so some are hits. */
    private static final class Inputs {
        final NDArray hidden;
        final NDArray weight;
        final NDArray labels;

        Inputs(NDManager manager, long seed) {
            Random random = new Random(seed);
            hidden = gaussian(manager, random, N, H);
            weight = gaussian(manager, random, V, H);
            long[] ids = new long[N];
            long[] best = hidden.matMul(weight.transpose()).argMax(1).toLongArray();
            for (int i = 0; i < N; i++) {
                ids[i] = i < N / 2 ? best[i] : random.nextInt(V);
            }
            labels = manager.create(ids);
        }

        Outcome run(Head head) {
            try (NDManager scope = hidden.getManager().newSubManager()) {
                NDArray x = hidden.duplicate();
                NDArray w = weight.duplicate();
                x.attach(scope);
                w.attach(scope);
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // the hidden states come out of a computation, as a model's do
                    LinearCrossEntropy.Result result = head.apply(x.mul(1f), w);
                    collector.backward(result.loss());
                    return new Outcome(result.loss().getFloat(), result.correct(), x.getGradient().toFloatArray(),
                            w.getGradient().toFloatArray());
                }
            }
        }

        private static NDArray gaussian(NDManager manager, Random random, long... shape) {
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            return manager.create(values, new Shape(shape));
        }
    }
}
