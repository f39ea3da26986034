package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.embeddingstudio.core.engine.SublayerProbe.assertFusedMatchesByHand;
import static org.embeddingstudio.core.engine.SublayerProbe.random;

/**
 * The fused sublayers against the same arithmetic written op by op here (RMSNorm, three projections, rotate-half
 * RoPE, grouped-query attention through an explicit softmax, o_proj; the gated MLP): outputs and the gradient of the
 * residual stream agree in float32, and in bf16 they stay within bfloat16's rounding of it.
 */
class FusedLayersTest {
    private static final int B = 2;
    private static final int T = 6;
    private static final int H = 16;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int D = H / HEADS;
    private static final int INTERMEDIATE = 24;
    private static final float EPS = 1e-5f;

    @ParameterizedTest(name = "padded {0}, biases {1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void attentionSublayerEqualsTheOpByOpComputationWithItsGradient(boolean padded, boolean biases) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(padded ? 7 : 11);
            NDArray x = random(manager, random, B, T, H);
            FusedLayers.AttentionWeights w = new FusedLayers.AttentionWeights(random(manager, random, H).add(1),
                    random(manager, random, H, H), random(manager, random, KV_HEADS * D, H),
                    random(manager, random, KV_HEADS * D, H), random(manager, random, H, H),
                    biases ? random(manager, random, H) : null, biases ? random(manager, random, KV_HEADS * D) : null,
                    biases ? random(manager, random, KV_HEADS * D) : null, biases ? random(manager, random, H) : null);
            NDArray cos = random(manager, random, T, D);
            NDArray sin = random(manager, random, T, D);
            NDArray mask = mask(manager, padded);
            float scale = (float) (1 / Math.sqrt(D));

            assertFusedMatchesByHand(x, input -> FusedLayers.attention(input, w, cos, sin, padded ? mask : null,
                    scale, EPS), input -> attentionByHand(input, w, cos, sin, mask, scale));
        }
    }

    @ParameterizedTest(name = "GeGLU {0}, gate and up as one product {1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void mlpSublayerEqualsTheOpByOpComputationWithItsGradient(boolean geglu, boolean joined) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(3);
            NDArray x = random(manager, random, B, T, H);
            NDArray norm = random(manager, random, H).add(1);
            NDArray gate = random(manager, random, INTERMEDIATE, H);
            NDArray up = random(manager, random, INTERMEDIATE, H);
            NDArray down = random(manager, random, H, INTERMEDIATE);
            UnaryOperator<NDArray> byHand = input -> {
                NDArray h = rmsNorm(input, norm);
                NDArray g = h.matMul(gate.transpose());
                NDArray activated = geglu ? geluTanh(g) : g.mul(Activation.sigmoid(g));
                return activated.mul(h.matMul(up.transpose())).matMul(down.transpose());
            };
            assertFusedMatchesByHand(x, input -> FusedLayers.mlp(input, norm, gate, up, down, geglu, EPS, joined),
                    byHand);
        }
    }

    private static NDArray attentionByHand(NDArray x, FusedLayers.AttentionWeights w, NDArray cos, NDArray sin,
                                           NDArray mask, float scale) {
        NDArray h = rmsNorm(x, w.norm());
        NDArray q = heads(linear(h, w.q(), w.qBias()), HEADS);
        NDArray k = heads(linear(h, w.k(), w.kBias()), KV_HEADS);
        NDArray v = heads(linear(h, w.v(), w.vBias()), KV_HEADS);
        q = rotate(q, cos, sin);
        k = rotate(k, cos, sin);
        k = repeatKv(k);
        v = repeatKv(v);
        NDArray probabilities = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask).softmax(-1);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(B, T, H);
        return linear(context, w.o(), w.oBias());
    }

    /** transformers' repeat_kv: each key/value head once per query head of its group, (B, HEADS, T, D). */
    private static NDArray repeatKv(NDArray x) {
        return x.expandDims(2).repeat(2, HEADS / KV_HEADS).reshape(B, HEADS, T, D);
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        NDArray y = x.matMul(w.transpose());
        return b == null ? y : y.add(b);
    }

    private static NDArray heads(NDArray x, int count) {
        return x.reshape(B, T, count, D).transpose(0, 2, 1, 3);
    }

    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        return x.mul(cos).add(NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), -1).mul(sin));
    }

    private static NDArray rmsNorm(NDArray x, NDArray w) {
        return x.mul(x.square().mean(new int[] {-1}, true).add(EPS).sqrt().pow(-1)).mul(w);
    }

    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(0.5f).mul(inner.tanh().add(1));
    }

    /** (B, 1, T, T) additive: causal, and with padding the second sequence's last two positions are padding. */
    private static NDArray mask(NDManager manager, boolean padded) {
        float[] values = new float[B * T * T];
        for (int b = 0; b < B; b++) {
            int real = padded && b == 1 ? T - 2 : T;
            for (int q = 0; q < T; q++) {
                for (int k = 0; k < T; k++) {
                    values[(b * T + q) * T + k] = k <= q && k < real ? 0 : -Float.MAX_VALUE;
                }
            }
        }
        return manager.create(values, new Shape(B, 1, T, T));
    }
}
