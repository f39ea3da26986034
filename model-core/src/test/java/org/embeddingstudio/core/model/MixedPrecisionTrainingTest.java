package org.embeddingstudio.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.training.TrainingTask;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training with bf16 matrix products learns what float32 training learns — same held-out loss within a few per
 * cent on the same data and initial weights — while the frozen float32 weights stay exactly as they were and the
 * trained ones really took a different (bf16-rounded) path.
 */
class MixedPrecisionTrainingTest {
    private static final TrainingConfig TRAINING = TrainingConfig.defaults().withSteps(40).withLearningRate(3e-3)
            .withBatch(4, 16).withEvaluation(0.2, 20).withWarmupRatio(0);

    @TempDir
    Path temp;

    /** What a run left: its held-out losses, the trained embedding rows and the frozen weights after it. */
    private record Run(List<Evaluation> evaluations, float[] embedding, Map<String, float[]> frozenBefore,
                       Map<String, float[]> frozenAfter) {
        double lastLoss() {
            return evaluations.get(evaluations.size() - 1).loss();
        }
    }

    @Test
    void maskedLmOnABertTrainsInBf16AsInFloat32() throws Exception {
        Tokenizer tokenizer = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Path text = temp.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(i % 2 == 0 ? "the cat sat on the mat ." : "the dog sat on the red house .");
        }
        Files.write(text, lines);
        BertConfig config = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);
        Function<TrainingConfig, Run> run = training -> {
            try (AdapterModel model = AdapterModel.random(config, tokenizer, Device.cpu(), 7)) {
                MaskedLmTask task = MaskedLmTask.fromTextFile(text, tokenizer, training);
                return train(model, task, training, () -> model.weights().parameters().entrySet().stream()
                        .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue().toFloatArray()), Map::putAll));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        compare(run.apply(TRAINING), run.apply(TRAINING.withPrecision(Precision.BF16)));
    }

    @Test
    void nextTokenPredictionOnALlamaTrainsInBf16AsInFloat32() throws Exception {
        Tokenizer tokenizer = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        DecoderConfig config = DecoderConfig.fromJson((ObjectNode) new ObjectMapper().readTree("""
                {"model_type": "llama", "vocab_size": 1, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 64,
                 "max_position_embeddings": 128, "rms_norm_eps": 1e-5, "tie_word_embeddings": false}"""));
        // A repeating pattern of the vocabulary's words: learnable, so the loss has somewhere to go.
        int words = tokenizer.vocabulary().size();
        SplittableRandom random = new SplittableRandom(3);
        List<long[]> blocks = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            long[] block = new long[16];
            int start = random.nextInt(words);
            for (int i = 0; i < block.length; i++) {
                block[i] = 5 + (start + 3L * i) % (words - 5);
            }
            blocks.add(block);
        }
        Function<TrainingConfig, Run> run = training -> {
            try (DecoderModel model = DecoderModel.random(config, tokenizer, Device.cpu(), 7)) {
                CausalLmTask task = CausalLmTask.ofBlocks(blocks, tokenizer, training);
                int blockArrays = config.numHiddenLayers() * 9 + 1; // the blocks and the final norm come first
                return train(model, task, training, () -> {
                    Map<String, float[]> frozen = new TreeMap<>();
                    List<NDArray> arrays = model.parameterArrays();
                    for (int i = 0; i < blockArrays; i++) {
                        frozen.put("block array " + i, arrays.get(i).toFloatArray());
                    }
                    return frozen;
                });
            }
        };
        compare(run.apply(TRAINING), run.apply(TRAINING.withPrecision(Precision.BF16)));
    }

    private static <M extends NamedEmbeddingsModel & TrainableModel> Run train(
            M model, TrainingTask<M> task, TrainingConfig training, FrozenWeights frozen) {
        model.addAdapter("lang", BottleneckConfig.seqBn());
        model.trainAdapter("lang", true);
        Map<String, float[]> before = frozen.read();
        TrainingOutcome outcome = new AdapterTrainer<>(model, task, training, TrainingListener.NONE)
                .train(CancellationToken.none());
        float[] embedding = model.readEmbedding("default", rows -> rows.weight().toFloatArray());
        return new Run(outcome.evaluations(), embedding, before, frozen.read());
    }

    @FunctionalInterface
    private interface FrozenWeights {
        Map<String, float[]> read();
    }

    private static void compare(Run fp32, Run bf16) {
        assertTrue(fp32.lastLoss() < fp32.evaluations().get(0).loss(), "float32 learns: " + fp32.evaluations());
        assertTrue(bf16.lastLoss() < bf16.evaluations().get(0).loss(), "bf16 learns: " + bf16.evaluations());
        assertEquals(fp32.lastLoss(), bf16.lastLoss(), 0.02 * fp32.lastLoss(),
                "held-out loss after " + TRAINING.steps() + " steps, fp32 " + fp32.evaluations() + " bf16 "
                        + bf16.evaluations());
        assertFalse(Arrays.equals(fp32.embedding(), bf16.embedding()), "bf16 products change the trained rows");
        assertEquals(fp32.frozenBefore().keySet(), bf16.frozenAfter().keySet());
        bf16.frozenBefore().forEach((name, values) ->
                assertArrayEquals(values, bf16.frozenAfter().get(name), name + " is frozen and stays float32-exact"));
    }
}
