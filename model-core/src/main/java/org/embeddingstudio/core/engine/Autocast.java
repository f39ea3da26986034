package org.embeddingstudio.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

import java.util.function.Supplier;

/**
 * The matrix products of the models' forward passes, in the precision the calling thread asked for — the Java side of
 * {@code torch.autocast}. Like autocast, the choice belongs to a thread: a training job runs its steps in bf16 while
 * Try It, on another thread, keeps computing in float32 on the same weights.
 *
 * <p>In bf16 each product takes float32 inputs, rounds them to bfloat16, multiplies (accumulating in float32) and
 * returns float32, so everything around it — norms, softmax, residual sums, the loss, gradients of the master
 * weights — stays float32 and DJL never sees a bfloat16 tensor (it has no name for one; see
 * docs/upstream/djl-bfloat16.md). Autograd records the casts, so backward runs its products in bfloat16 too.
 */
public final class Autocast {
    private static final ThreadLocal<Precision> PRECISION = ThreadLocal.withInitial(() -> Precision.FP32);

    private Autocast() {
    }

    /** Runs {@code work} with this thread's products in {@code precision}, then restores the precision before. */
    public static <T> T with(Precision precision, Supplier<T> work) {
        Precision before = PRECISION.get();
        PRECISION.set(precision);
        try {
            return work.get();
        } finally {
            PRECISION.set(before);
        }
    }

    /** The precision of this thread's products. */
    public static Precision current() {
        return PRECISION.get();
    }

    /** {@code x Wᵀ}, as {@code torch.nn.functional.linear} without a bias. */
    public static NDArray linear(NDArray x, NDArray weight) {
        return linear(x, weight, null);
    }

    /** {@code x Wᵀ + b}, as {@code torch.nn.functional.linear}; {@code bias} may be null. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        if (PRECISION.get() == Precision.BF16) {
            return bias == null ? Kernels.LINEAR_BF16.apply(x, weight)
                    : Kernels.LINEAR_BIAS_BF16.apply(x, weight, bias);
        }
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** The batched matrix product {@code a b}, as {@code torch.matmul}. */
    public static NDArray matMul(NDArray a, NDArray b) {
        return PRECISION.get() == Precision.BF16 ? Kernels.MATMUL_BF16.apply(a, b) : a.matMul(b);
    }
}
