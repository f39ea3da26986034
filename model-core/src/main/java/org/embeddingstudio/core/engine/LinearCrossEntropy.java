package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The mean cross-entropy of a language-model head, {@code x Wᵀ} against the next tokens, with the logits held once,
 * in the calling thread's {@link Autocast} precision.
 *
 * <p>Why: a decoder's logits dwarf everything else in a training step (batch 8 × 256 over a 49 152-token vocabulary:
 * 400 MB in float32; Qwen2.5's 151 936 tokens: 1.2 GB), and autograd keeps the logits, their float32 copy, their
 * log-softmax and their gradient, each written to fresh memory once per step. Here one PyTorch call makes the logits
 * (one product), walks them in chunks of about 32 MB computing the log-softmax, the loss and the arg-max hits in
 * float32, and when training overwrites each chunk with its gradient (softmax minus the one-hot label, over N), which
 * the two gradient products then read. The products stay whole: split into chunks of rows, float32 products over a
 * large vocabulary ran at a quarter of their speed. The loss handed back is {@code loss + s − detach(s)} with
 * {@code s = Σ x ⊙ ∂x + Σ W ⊙ ∂W}: its value is the loss exactly, and backward hands {@code ∂x} and {@code ∂W} to
 * whatever produced {@code x} and {@code W} — the gradients autograd would have computed from the logits.
 */
public final class LinearCrossEntropy {
    /** About this many logits (32 MB in float32) per chunk of the softmax. */
    private static final long LOGITS_PER_CHUNK = 8L << 20;

    private LinearCrossEntropy() {
    }

    /** A batch's mean loss (recorded for backward when grad mode is on) and how many arg-max predictions hit. */
    public record Result(NDArray loss, int correct) {
    }

    /**
     * @param hidden (N, H) the states the head reads
     * @param weight (V, H) the output rows: a parameter, whose gradient is computed when it requires one
     * @param labels (N) int64, every one a row of {@code weight}
     */
    public static Result of(NDArray hidden, NDArray weight, NDArray labels) {
        return of(hidden, weight, labels, Math.max(1, LOGITS_PER_CHUNK / weight.getShape().get(0)));
    }

    /** With the rows of a chunk given. */
    static Result of(NDArray hidden, NDArray weight, NDArray labels, long rows) {
        // Recording: the hidden states, computed from the trained adapter, always need their gradient. DJL's own
        // answer for an array that was computed is false, so only the parameter's flag is asked, and of PyTorch
        // itself (DJL caches what it was told per Java object).
        boolean recording = GradMode.isOn();
        boolean weightGradient = recording && JniUtils.requiresGrad((PtNDArray) weight);
        long n = hidden.getShape().get(0);
        NDManager manager = hidden.getManager();
        NDList results;
        try (NDArray chunkRows = manager.create(rows)) {
            results = Kernels.linearCrossEntropy(Autocast.current(), recording, weightGradient)
                    .applyUnrecorded(hidden, weight, labels, chunkRows);
        }
        try (NDList kernelResults = results) {
            int correct = Math.toIntExact(results.get(1).getLong());
            NDArray loss = results.get(0).div(n);
            if (!recording) {
                return new Result(loss, correct);
            }
            NDArray surrogate = hidden.mul(results.get(2)).sum();
            if (weightGradient) {
                surrogate = surrogate.add(weight.mul(results.get(3)).sum());
            }
            return new Result(loss.add(surrogate.sub(surrogate.stopGradient())), correct);
        }
    }
}
