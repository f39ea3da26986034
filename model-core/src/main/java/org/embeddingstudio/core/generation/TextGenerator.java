package org.embeddingstudio.core.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Continues a prompt with a decoder, one token at a time over a key/value cache: the prompt runs once, then each new
 * token alone. It reads a {@link DecoderSnapshot}, so the model's lock is free while it generates. Ids without a
 * token (rows padded past the tokenizer, as Qwen2.5's and Gemma 3's matrices are) are never chosen. Stops after the
 * options' token count, at an end-of-sequence token (kept, as transformers' {@code generate} keeps it), or when
 * cancelled.
 */
public final class TextGenerator {
    private final DecoderSnapshot decoder;
    private final Vocabulary vocabulary;
    private final Set<Long> endIds;

    /**
     * @param vocabulary the vocabulary of the snapshot's rows: ids it has no token for are never generated; null
     *                   when every row stands for a token (a model without a tokenizer, in benchmarks)
     */
    public TextGenerator(DecoderSnapshot decoder, Vocabulary vocabulary) {
        this.decoder = decoder;
        this.vocabulary = vocabulary;
        this.endIds = endIds(decoder, vocabulary);
    }

    /**
     * The ids that end a continuation: the config's {@code eos_token_id}s (Llama 3 lists several) under the model's
     * own embedding; under another one, whose tokenizer numbers its tokens differently, that tokenizer's end of
     * sequence.
     */
    private static Set<Long> endIds(DecoderSnapshot decoder, Vocabulary vocabulary) {
        Set<Long> ids = new HashSet<>();
        if (vocabulary == null || EmbeddingRegistry.DEFAULT.equals(decoder.embedding().name())) {
            decoder.config().eosTokenIds().forEach(id -> ids.add((long) id));
        } else {
            vocabulary.specialTokenId(SpecialTokenRole.EOS).ifPresent(id -> ids.add((long) id));
        }
        return ids;
    }

    /**
     * The new tokens after {@code prompt}.
     *
     * @param onToken called with each new id as it is chosen (for a view or a terminal to show it at once)
     */
    public long[] generate(long[] prompt, GenerationOptions options, LongConsumer onToken,
                           CancellationToken cancellation) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens; a decoder needs at least one to continue");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        long[] generated = new long[options.maxNewTokens()];
        int count = 0;
        try (NDManager manager = NDManager.newBaseManager(decoder.device());
             KeyValueCache cache = decoder.newCache()) {
            long[] next = prompt;
            while (count < options.maxNewTokens() && !cancellation.isCancelled()) {
                float[] logits;
                try (NDScope ignored = new NDScope()) {
                    NDArray ids = manager.create(next, new Shape(1, next.length));
                    NDArray seen = manager.ones(new Shape(1, cache.length() + next.length), ids.getDataType());
                    logits = decoder.logits(ids, seen, cache).get(new NDIndex("0, -1, :")).toFloatArray();
                }
                long id = options.sampling() ? sample(logits, options, random) : argMax(logits);
                generated[count++] = id;
                onToken.accept(id);
                if (endIds.contains(id)) {
                    break;
                }
                next = new long[] {id};
            }
        }
        return Arrays.copyOf(generated, count);
    }

    private boolean usable(int id) {
        return vocabulary == null || id < vocabulary.size() && vocabulary.hasToken(id);
    }

    private long argMax(float[] logits) {
        int best = -1;
        for (int id = 0; id < logits.length; id++) {
            if (usable(id) && (best < 0 || logits[id] > logits[best])) {
                best = id;
            }
        }
        return best;
    }

    /** Softmax of logits / temperature over the top k usable ids, sampled with {@code random}. */
    private long sample(float[] logits, GenerationOptions options, SplittableRandom random) {
        int[] candidates = IntStream.range(0, logits.length).filter(this::usable)
                .boxed().sorted((a, b) -> Float.compare(logits[b], logits[a]))
                .limit(options.topK() > 0 ? options.topK() : Long.MAX_VALUE)
                .mapToInt(Integer::intValue).toArray();
        double top = logits[candidates[0]];
        double[] weights = new double[candidates.length];
        double total = 0;
        for (int i = 0; i < candidates.length; i++) {
            weights[i] = Math.exp((logits[candidates[i]] - top) / options.temperature());
            total += weights[i];
        }
        double pick = random.nextDouble() * total;
        for (int i = 0; i < candidates.length; i++) {
            pick -= weights[i];
            if (pick <= 0) {
                return candidates[i];
            }
        }
        return candidates[candidates.length - 1];
    }
}
