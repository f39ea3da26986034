package org.embeddingstudio.core.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.transformer.TokenBatch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the encoder over many sequences a batch at a time, so a long input file needs the memory of one batch's
 * attention, not of the whole file's; the results are joined as if it had been one batch.
 */
final class BatchedForward {
    private BatchedForward() {
    }

    /**
     * @param typeIds null for all zeros
     * @return the pooling's tensors for all sequences; per-token tensors are padded to the longest sequence
     */
    static Map<String, HostTensor> run(AdapterModel model, long[][] ids, long[][] typeIds, long padId,
                                       Pooling pooling, int batchSize) {
        return run(model::hiddenStates, model.device(), ids, typeIds, padId, pooling, batchSize);
    }

    /** {@link #run(AdapterModel, long[][], long[][], long, Pooling, int)} for a decoder (right-padded batches). */
    static Map<String, HostTensor> run(DecoderModel model, long[][] ids, long padId, Pooling pooling,
                                       int batchSize) {
        return run(batch -> model.hiddenStates(batch.inputIds(), batch.attentionMask(), null),
                model.inputRows().getDevice(), ids, null, padId, pooling, batchSize);
    }

    private static Map<String, HostTensor> run(Function<TokenBatch, NDArray> hiddenStates, Device device,
                                               long[][] ids, long[][] typeIds, long padId, Pooling pooling,
                                               int batchSize) {
        List<Map<String, HostTensor>> parts = new ArrayList<>();
        for (int start = 0; start < ids.length; start += batchSize) {
            int end = Math.min(ids.length, start + batchSize);
            parts.add(forward(hiddenStates, device, Arrays.copyOfRange(ids, start, end),
                    typeIds == null ? null : Arrays.copyOfRange(typeIds, start, end), padId, pooling));
        }
        Map<String, HostTensor> joined = new LinkedHashMap<>();
        for (String name : parts.getFirst().keySet()) {
            joined.put(name, concatenate(parts.stream().map(part -> part.get(name)).toList()));
        }
        return joined;
    }

    private static Map<String, HostTensor> forward(Function<TokenBatch, NDArray> hiddenStates, Device device,
                                                   long[][] ids, long[][] typeIds, long padId, Pooling pooling) {
        try (NDManager manager = NDManager.newBaseManager(device); NDScope ignored = new NDScope()) {
            TokenBatch batch = TokenBatch.of(manager, ids, typeIds, padId);
            NDArray hidden = hiddenStates.apply(batch); // (b, t, H)
            return pooling.apply(hidden, batch.attentionMask());
        }
    }

    /**
     * Joins (b, t, …) tensors along the first axis into (B, T, …), T the largest t; the positions a shorter batch
     * lacks are zeros, which for the attention mask means "padding".
     */
    static HostTensor concatenate(List<HostTensor> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        HostTensor first = parts.getFirst();
        long[] shape = first.shape();
        long inner = 1;
        for (int axis = 2; axis < shape.length; axis++) {
            inner *= shape[axis];
        }
        long longest = parts.stream().mapToLong(part -> part.shape()[1]).max().orElseThrow();
        long rows = parts.stream().mapToLong(part -> part.shape()[0]).sum();
        int elementBytes = first.dtype().byteSize();
        long rowBytes = longest * inner * elementBytes;
        ByteBuffer joined = ByteBuffer.allocateDirect(Math.toIntExact(rows * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        long row = 0;
        for (HostTensor part : parts) {
            ByteBuffer data = part.data();
            int partRowBytes = Math.toIntExact(part.shape()[1] * inner * elementBytes);
            for (long r = 0; r < part.shape()[0]; r++, row++) {
                joined.put(Math.toIntExact(row * rowBytes), data, Math.toIntExact(r * partRowBytes), partRowBytes);
            }
        }
        shape[0] = rows;
        shape[1] = longest;
        return new HostTensor(first.dtype(), shape, joined);
    }
}
