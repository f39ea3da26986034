package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.embeddingstudio.core.engine.SublayerProbe.assertFusedMatchesByHand;
import static org.embeddingstudio.core.engine.SublayerProbe.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BERT's fused sublayers against modeling_bert.py's arithmetic written op by op here (three projections, scores
 * scaled by 1/√head size plus an additive padding mask, softmax, output dense; intermediate dense, erf GELU, output
 * dense): outputs and the gradient of the input agree in float32, stay within bfloat16's rounding in bf16, and the
 * dropout rates given are applied.
 */
class FusedBertLayersTest {
    private static final int B = 2;
    private static final int T = 6;
    private static final int H = 16;
    private static final int HEADS = 4;
    private static final int D = H / HEADS;
    private static final int INTERMEDIATE = 24;

    @ParameterizedTest(name = "padded {0}")
    @CsvSource({"false", "true"})
    void attentionSublayerEqualsTheOpByOpComputationWithItsGradient(boolean padded) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(padded ? 5 : 13);
            NDArray x = random(manager, random, B, T, H);
            FusedBertLayers.AttentionWeights w = attentionWeights(manager, random);
            NDArray mask = attentionMask(manager, padded);

            assertFusedMatchesByHand(x, input -> FusedBertLayers.attention(input, w, mask, HEADS, 0, 0),
                    input -> attentionByHand(input, w, mask));
        }
    }

    @Test
    void feedForwardSublayerEqualsTheOpByOpComputationWithItsGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(17);
            NDArray x = random(manager, random, B, T, H);
            FeedForward w = FeedForward.random(manager, random);
            assertFusedMatchesByHand(x, input -> w.fused(input, 0),
                    input -> linear(Activation.gelu(linear(input, w.wi(), w.bi())), w.wo(), w.bo()));
        }
    }

    @Test
    void hiddenDropoutZeroesOutputsAndScalesTheRest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(19);
            NDArray x = random(manager, random, 4, 32, H);
            FeedForward w = FeedForward.random(manager, random);
            float[] kept = w.fused(x, 0).toFloatArray();
            float[] dropped = w.fused(x, 0.5f).toFloatArray();
            int zeros = 0;
            for (int i = 0; i < kept.length; i++) {
                if (dropped[i] == 0) {
                    zeros++;
                } else {
                    assertEquals(2 * kept[i], dropped[i], 1e-5f, "a kept output is scaled by 1 / (1 - rate)");
                }
            }
            double share = zeros / (double) kept.length;
            assertTrue(share > 0.4 && share < 0.6, "about half the outputs dropped, was " + share);
        }
    }

    @Test
    void attentionDropoutOfEveryProbabilityLeavesOnlyTheOutputBias() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(23);
            NDArray x = random(manager, random, B, T, H);
            FusedBertLayers.AttentionWeights w = attentionWeights(manager, random);
            NDArray mask = attentionMask(manager, true);
            float[] out = FusedBertLayers.attention(x, w, mask, HEADS, 1, 0).toFloatArray();
            float[] bias = w.outputBias().toFloatArray();
            for (int i = 0; i < out.length; i++) {
                assertEquals(bias[i % H], out[i], 1e-6f, "no attention probability left, only the bias");
            }
        }
    }

    /** A feed-forward sublayer's weights: intermediate dense (wi, bi) and output dense (wo, bo). */
    private record FeedForward(NDArray wi, NDArray bi, NDArray wo, NDArray bo) {
        static FeedForward random(NDManager manager, Random random) {
            NDArray wi = SublayerProbe.random(manager, random, INTERMEDIATE, H);
            NDArray bi = SublayerProbe.random(manager, random, INTERMEDIATE);
            NDArray wo = SublayerProbe.random(manager, random, H, INTERMEDIATE);
            return new FeedForward(wi, bi, wo, SublayerProbe.random(manager, random, H));
        }

        NDArray fused(NDArray x, float hiddenDropout) {
            return FusedBertLayers.feedForward(x, wi, bi, wo, bo, hiddenDropout);
        }
    }

    private static FusedBertLayers.AttentionWeights attentionWeights(NDManager manager, Random random) {
        return new FusedBertLayers.AttentionWeights(random(manager, random, H, H), random(manager, random, H, H),
                random(manager, random, H, H), random(manager, random, H), random(manager, random, H),
                random(manager, random, H), random(manager, random, H, H), random(manager, random, H));
    }

    /** modeling_bert.py's eager self-attention and output dense layer, with its additive mask. */
    private static NDArray attentionByHand(NDArray x, FusedBertLayers.AttentionWeights w, NDArray mask) {
        NDArray q = heads(linear(x, w.q(), w.qBias()));
        NDArray k = heads(linear(x, w.k(), w.kBias()));
        NDArray v = heads(linear(x, w.v(), w.vBias()));
        NDArray additive = mask.toType(DataType.FLOAT32, false).neg().add(1)
                .mul(-Float.MAX_VALUE).reshape(B, 1, 1, T);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(D)).add(additive);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(B, T, H);
        return linear(context, w.output(), w.outputBias());
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    private static NDArray heads(NDArray x) {
        return x.reshape(B, T, HEADS, D).transpose(0, 2, 1, 3);
    }

    /** (B, T) 1/0, int64 as tokenizers give it; with padding the second sequence's last two positions are padding. */
    private static NDArray attentionMask(NDManager manager, boolean padded) {
        long[] values = new long[B * T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                values[b * T + t] = padded && b == 1 && t >= T - 2 ? 0 : 1;
            }
        }
        return manager.create(values, new Shape(B, T));
    }
}
