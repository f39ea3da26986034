package org.embeddingstudio.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.transformer.TokenBatch;

/**
 * A batch prepared on the host, padded to its longest row: token ids, token types, attention mask, and labels —
 * per token for masked-LM ({@link #IGNORED} where nothing is predicted), per sequence for classification.
 */
public record HostBatch(long[][] ids, long[][] typeIds, long[][] tokenLabels, long[] sequenceLabels, long padId) {
    /** Label of a token that is not predicted, as PyTorch's {@code ignore_index}. */
    public static final long IGNORED = -100;

    public int rows() {
        return ids.length;
    }

    public int length() {
        int length = 0;
        for (long[] row : ids) {
            length = Math.max(length, row.length);
        }
        return length;
    }

    /** Non-padding tokens: what tokens/s counts. */
    public int tokens() {
        int tokens = 0;
        for (long[] row : ids) {
            tokens += row.length;
        }
        return tokens;
    }

    public TokenBatch toTokenBatch(NDManager manager) {
        return TokenBatch.of(manager, ids, typeIds, padId);
    }

    /** Positions (flattened over the padded batch) whose token is predicted, and their labels. */
    public long[][] predictedPositions() {
        int length = length();
        int count = 0;
        for (long[] row : tokenLabels) {
            for (long label : row) {
                count += label == IGNORED ? 0 : 1;
            }
        }
        long[] positions = new long[count];
        long[] labels = new long[count];
        int next = 0;
        for (int r = 0; r < tokenLabels.length; r++) {
            for (int t = 0; t < tokenLabels[r].length; t++) {
                if (tokenLabels[r][t] != IGNORED) {
                    positions[next] = (long) r * length + t;
                    labels[next++] = tokenLabels[r][t];
                }
            }
        }
        return new long[][]{positions, labels};
    }

    NDArray sequenceLabelArray(NDManager manager) {
        return manager.create(sequenceLabels, new Shape(sequenceLabels.length));
    }
}
