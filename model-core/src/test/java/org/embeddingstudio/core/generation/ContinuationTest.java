package org.embeddingstudio.core.generation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.KeyValueCache;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DetachedEmbedding;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.ByteLevelBpeTrainer;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuing a prompt on a tiny random Llama (untied head) with a second embedding and an active adapter: the tokens
 * are those the model's own forward pass chooses, and the model is free while it generates — switched, read and
 * stripped of the embedding and adapter in use — while the continuation keeps to what it took.
 */
class ContinuationTest {
    private static final String PROMPT = "the cat sat on the";
    private static final List<String> TEXTS = List.of("the cat sat on the mat", "the dog ate the bone",
            "a bird sang in the tree", "die katze sass auf der matte", "der hund frass den knochen");
    // How long a step may wait for another thread before the test fails instead of hanging: a bound, not a speed.
    private static final long PATIENCE_SECONDS = 60;

    // Threads of their own: the common pool may have one thread on a small machine, and the generation blocks it.
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Tokenizer english;
    private Tokenizer mixed;
    private DecoderModel model;

    @BeforeEach
    void makeModel() throws IOException {
        english = train(TEXTS.subList(0, 3));
        mixed = train(TEXTS);
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree("""
                {"model_type": "llama", "vocab_size": 1, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 64,
                 "max_position_embeddings": 128, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}""");
        model = DecoderModel.random(DecoderConfig.fromJson(config), english, Device.cpu(), 7);
        model.addEmbeddings("new", mixed, "default", english, EmbeddingOptions.defaults().withSeed(3));
        model.addAdapter("bottleneck", BottleneckConfig.seqBn());
        model.setActiveAdapter("bottleneck");
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        model.close();
        english.close();
        mixed.close();
    }

    @Test
    void generatesWhatTheModelsOwnForwardPassChoosesGreedily() {
        for (String embedding : List.of("new", "default")) {
            Continuation continuation = Continuation.of(model, embedding, PROMPT, GenerationOptions.greedy(8),
                    id -> { }, CancellationToken.none());

            long[] generated = ids(continuation.generated());
            assertTrue(generated.length > 0, embedding);
            assertArrayEquals(greedyThroughTheModel(embedding, ids(continuation.prompt()), generated.length),
                    generated, embedding);
        }
        assertEquals("new", model.activeEmbeddings());
    }

    @Test
    void theModelIsFreeWhileItGeneratesAndTheContinuationKeepsToWhatItTook() throws Exception {
        GenerationOptions options = GenerationOptions.greedy(8);
        Continuation undisturbed = Continuation.of(model, "new", PROMPT, options, id -> { }, CancellationToken.none());
        CountDownLatch generating = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<Continuation> paused = CompletableFuture.supplyAsync(() ->
                Continuation.of(model, "new", PROMPT, options, id -> {
                    generating.countDown();
                    await(resume);
                }, CancellationToken.none()), threads);
        DetachedEmbedding removed;
        try {
            assertTrue(generating.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the generation chose a first token");
            // Holding the model's lock while generating, the generation would keep every call here waiting.
            removed = CompletableFuture.supplyAsync(() -> {
                model.setActiveEmbeddings("default");
                model.embeddingInfos();
                model.deleteAdapter("bottleneck");
                DetachedEmbedding detached = model.detachEmbeddings("new");
                detached.close();
                return detached;
            }, threads).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertFalse(paused.isDone(), "the model answered while the generation was still mid-way");
            assertFalse(removed.embedding().weight().isReleased(), "rows in use are freed only after the generation");
        } finally {
            resume.countDown();
        }

        Continuation meanwhile = paused.get(PATIENCE_SECONDS, TimeUnit.SECONDS);

        assertEquals(undisturbed.prompt(), meanwhile.prompt());
        assertEquals(undisturbed.generated(), meanwhile.generated());
        assertTrue(removed.embedding().weight().isReleased(), "the deleted rows are freed once the generation ends");
        assertTrue(removed.embedding().outputRows().orElseThrow().isReleased());
    }

    /** Greedy tokens from the model's own forward pass over its cache, with {@code embedding} active. */
    private long[] greedyThroughTheModel(String embedding, long[] prompt, int count) {
        return model.whileActive(embedding, () -> {
            long[] chosen = new long[count];
            try (NDManager manager = NDManager.newBaseManager(model.device());
                 KeyValueCache cache = model.newCache()) {
                long[] next = prompt;
                for (int i = 0; i < count; i++) {
                    NDArray ids = manager.create(next, new Shape(1, next.length));
                    NDArray seen = manager.ones(new Shape(1, cache.length() + next.length), ids.getDataType());
                    chosen[i] = model.logits(ids, seen, cache).get(new NDIndex("0, -1, :")).argMax().getLong();
                    next = new long[] {chosen[i]};
                }
            }
            return chosen;
        });
    }

    private static long[] ids(List<Continuation.Piece> pieces) {
        return pieces.stream().mapToLong(Continuation.Piece::id).toArray();
    }

    private static Tokenizer train(List<String> texts) {
        return ByteLevelBpeTrainer.builder().setVocabSize(300).build().train(texts, fraction -> { },
                CancellationToken.none());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the generation go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
