package org.embeddingstudio.core.embedding;

/**
 * The cost of an {@link OrthogonalMatchingPursuit} run, known from the sizes before it starts, so a caller can
 * warn about (or refuse) a run of hours.
 *
 * @param matmulFlops      the dense products: Gram matrix 2·M²·D and correlations 2·N·M·D
 * @param pursuitFlops     the per-target loops: correlation updates M·s per step (M·k·(k+1) in all) and argmax
 * @param estimatedSeconds a rough time on {@code cores} cores (measured rates of the benchmark machine)
 */
public record OmpCost(long matmulFlops, long pursuitFlops, double estimatedSeconds) {
    /** Dense float32 products through PyTorch, per core (measured: bench omp). */
    static final double MATMUL_FLOPS_PER_CORE = 30e9;
    /** The scalar-vector loops of the pursuit, per core (measured: bench omp). */
    static final double PURSUIT_FLOPS_PER_CORE = 3e9;

    static OmpCost of(long targets, long anchors, long dimension, long k, int cores) {
        long matmul = 2 * anchors * anchors * dimension + 2 * targets * anchors * dimension;
        long pursuit = targets * anchors * k * (k + 2);
        double seconds = matmul / (MATMUL_FLOPS_PER_CORE * cores) + pursuit / (PURSUIT_FLOPS_PER_CORE * cores);
        return new OmpCost(matmul, pursuit, seconds);
    }

    /** All floating-point operations. */
    public long flops() {
        return matmulFlops + pursuitFlops;
    }
}
