package org.embeddingstudio.core.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * "Train a Copy Instead" copies an embedding pair whole: on a decoder whose matrix is padded past its tokenizer (as
 * Qwen2.5's is), the copy keeps every row — padding rows too, still marked as padding — of both sides bit for bit,
 * becomes active, and training it leaves the original exactly as it was.
 */
class CopyEmbeddingsTest {
    private static final int PADDING_ROWS = 5;

    @TempDir
    Path temp;

    @Test
    void aCopyOfAPaddedPairKeepsEveryRowAndTrainsApartFromTheOriginal() throws Exception {
        Tokenizer tokenizer = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        int tokens = tokenizer.vocabulary().size();
        DecoderConfig config = DecoderConfig.fromJson((ObjectNode) new ObjectMapper().readTree("""
                {"model_type": "llama", "vocab_size": 1, "hidden_size": 16, "num_hidden_layers": 1,
                 "num_attention_heads": 2, "num_key_value_heads": 1, "intermediate_size": 32,
                 "max_position_embeddings": 64, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}"""));
        try (DecoderModel model = RandomDecoder.create(config, tokenizer, Device.cpu(), 7, tokens + PADDING_ROWS)) {
            float[][] original = model.readEmbedding("default", CopyEmbeddingsTest::bothSides);

            EmbeddingInitializer.Created created = model.copyEmbeddings("default", "default-trained");

            assertEquals("default-trained", model.activeEmbeddings());
            assertEquals(tokens + PADDING_ROWS, model.vocabSize(), "the copy never shrinks the matrix");
            assertEquals(tokens, created.copiedRows());
            float[][] copy = model.readEmbedding("default-trained", CopyEmbeddingsTest::bothSides);
            assertArrayEquals(original[0], copy[0], 0f, "input rows");
            assertArrayEquals(original[1], copy[1], 0f, "output rows");
            Map<RowOrigin, Integer> origins = model.embedding("default-trained").rowOriginCounts();
            assertEquals(Map.of(RowOrigin.COPIED, tokens, RowOrigin.PADDING, PADDING_ROWS), origins);

            List<long[]> blocks = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                long[] block = new long[12];
                for (int i = 0; i < block.length; i++) {
                    block[i] = 5 + (b + 3L * i) % (tokens - 5);
                }
                blocks.add(block);
            }
            TrainingConfig training = TrainingConfig.defaults().withSteps(3).withBatch(4, 12).withLearningRate(1e-2)
                    .withEvaluation(0.0, 0).withWarmupRatio(0);
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.trainAdapter("lang", true);
            new AdapterTrainer<>(model, CausalLmTask.ofBlocks(blocks, tokenizer, training), training,
                    TrainingListener.NONE).train(CancellationToken.none());

            float[][] trained = model.readEmbedding("default-trained", CopyEmbeddingsTest::bothSides);
            float[][] untouched = model.readEmbedding("default", CopyEmbeddingsTest::bothSides);
            assertFalse(Arrays.equals(original[0], trained[0]), "the copy's input rows trained");
            assertFalse(Arrays.equals(original[1], trained[1]), "the copy's output rows trained");
            assertArrayEquals(original[0], untouched[0], 0f, "the original's input rows are as they were");
            assertArrayEquals(original[1], untouched[1], 0f, "the original's output rows are as they were");
        }
    }

    private static float[][] bothSides(TokenEmbedding embedding) {
        return new float[][] {embedding.weight().toFloatArray(),
                embedding.outputRows().orElseThrow().toFloatArray()};
    }
}
