package org.embeddingstudio.core.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * How well a decoder predicts a text, per byte of it: the summed negative log-likelihood of its tokens, in bits,
 * divided by the text's UTF-8 bytes. Per byte, not per token, so two tokenizers of the same text compare fairly —
 * the measure tokenizer-transfer work (tokensurgeon, ZeTT) reports.
 *
 * <p>The text is encoded once (with the tokenizer's special tokens, so a BOS token gives the first word a
 * context) and read in windows of at most {@code window} tokens that overlap by one token, so every token after
 * the first is predicted exactly once, from the tokens before it in its window.
 */
public final class BitsPerByte {
    /** The score of one text. */
    public record Result(long bytes, int tokens, int predicted, double nats) {
        /** Bits per UTF-8 byte of the text. */
        public double bitsPerByte() {
            return nats / Math.log(2) / bytes;
        }

        /** Perplexity per predicted token (not comparable across tokenizers; bits per byte is). */
        public double tokenPerplexity() {
            return Math.exp(nats / predicted);
        }
    }

    private BitsPerByte() {
    }

    /**
     * Reads a {@link DecoderSnapshot}, so the model's lock is free while it measures.
     *
     * @param window tokens per forward pass, at most the model's context
     */
    public static Result of(DecoderSnapshot decoder, Tokenizer tokenizer, String text, int window,
                            CancellationToken cancellation) {
        if (window < 2) {
            throw new IllegalArgumentException("a window must hold at least 2 tokens, not " + window);
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            throw new IllegalArgumentException("the text is empty");
        }
        long[] ids = tokenizer.encode(text).ids();
        double nats = 0;
        int predicted = 0;
        try (NDManager manager = NDManager.newBaseManager(decoder.device())) {
            for (int start = 0; start + 1 < ids.length && !cancellation.isCancelled(); start += window - 1) {
                long[] chunk = Arrays.copyOfRange(ids, start, Math.min(ids.length, start + window));
                try (NDScope ignored = new NDScope()) {
                    nats += negativeLogLikelihood(decoder, manager, chunk);
                }
                predicted += chunk.length - 1;
            }
        }
        if (cancellation.isCancelled()) {
            throw new CancellationException("cancelled");
        }
        return new Result(bytes, ids.length, predicted, nats);
    }

    /** Sum over positions 1 … n−1 of −log p(token | tokens before it), in nats. */
    private static double negativeLogLikelihood(DecoderSnapshot decoder, NDManager manager, long[] chunk) {
        int n = chunk.length;
        NDArray ids = manager.create(chunk, new Shape(1, n));
        NDArray logits = decoder.logits(ids, ids.onesLike(), null).get(new NDIndex("0, :-1, :")); // (n-1, V)
        NDArray targets = manager.create(Arrays.copyOfRange(chunk, 1, n), new Shape(n - 1, 1));
        NDArray picked = logits.logSoftmax(1).gather(targets, 1); // (n-1, 1)
        return -picked.toType(DataType.FLOAT64, false).sum().getDouble();
    }
}
