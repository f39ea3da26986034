package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.transformer.BertConfig;

/**
 * Matmul FLOPs of one masked-LM training step, counted the standard way: 3 × the forward pass (forward, plus the
 * backward's two products per matmul), every product 2·m·n·k, attention included, and the masked-LM logits at every
 * position. The count does not depend on what an implementation skips (frozen weights' gradients, logits only at
 * masked positions), so the achieved rate of two implementations compares their speed at the same work.
 */
final class TrainingFlops {
    private TrainingFlops() {
    }

    static double perStep(BertConfig config, BottleneckConfig adapter, int batch, int length) {
        double tokens = (double) batch * length;
        double h = config.hiddenSize();
        double f = config.intermediateSize();
        double projections = 4 * 2 * tokens * h * h; // query, key, value, attention output
        double feedForward = 2 * 2 * tokens * h * f;
        double attention = 2 * 2 * (double) batch * length * length * h; // Q·Kᵀ and P·V over all heads
        double bottleneck = adapter.bottleneckSize(config.hiddenSize());
        int adaptersPerLayer = (adapter.mhAdapter() ? 1 : 0) + (adapter.outputAdapter() ? 1 : 0);
        double adapters = adaptersPerLayer * 2 * 2 * tokens * h * bottleneck;
        double layers = config.numHiddenLayers() * (projections + feedForward + attention + adapters);
        double head = 2 * tokens * h * h + 2 * tokens * h * config.vocabSize(); // transform dense, tied decoder
        return 3 * (layers + head);
    }
}
