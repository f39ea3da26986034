package org.embeddingstudio.core.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of encoded sequences: token ids, token type ids and attention mask, each (B, T) int64.
 */
public record TokenBatch(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
    public TokenBatch {
        if (!inputIds.getShape().equals(tokenTypeIds.getShape())
                || !inputIds.getShape().equals(attentionMask.getShape())
                || inputIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input ids " + inputIds.getShape() + ", token type ids "
                    + tokenTypeIds.getShape() + " and attention mask " + attentionMask.getShape()
                    + " must all be (batch, length)");
        }
    }

    /** A batch from plain arrays; rows shorter than the longest are padded with {@code padId} and masked out. */
    public static TokenBatch of(NDManager manager, long[][] ids, long[][] typeIds, long padId) {
        int rows = ids.length;
        int length = 0;
        for (long[] row : ids) {
            length = Math.max(length, row.length);
        }
        long[] flatIds = new long[rows * length];
        long[] flatTypes = new long[rows * length];
        long[] flatMask = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < length; t++) {
                boolean present = t < ids[r].length;
                flatIds[r * length + t] = present ? ids[r][t] : padId;
                flatTypes[r * length + t] = present && typeIds != null ? typeIds[r][t] : 0;
                flatMask[r * length + t] = present ? 1 : 0;
            }
        }
        Shape shape = new Shape(rows, length);
        return new TokenBatch(manager.create(flatIds, shape), manager.create(flatTypes, shape),
                manager.create(flatMask, shape));
    }

    public long batchSize() {
        return inputIds.getShape().get(0);
    }

    public long length() {
        return inputIds.getShape().get(1);
    }
}
