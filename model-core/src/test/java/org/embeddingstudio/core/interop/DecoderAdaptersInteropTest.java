package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.TrainingSetup;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.HostBatch;
import org.embeddingstudio.core.training.TrainingCheckpoint;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.training.TrainingProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bottleneck adapters on decoders against AdapterHub {@code adapters} itself: an adapter it adds to GPT-2, an
 * untied Llama or Mistral loads here and gives its logits; one trained here on next-token prediction saves in its
 * layout, and adapters loads it and computes the same logits and the same causal-LM loss. Training changes the
 * adapter (and with {@code trainEmbeddings} the active pair, both sides) and nothing else, bit for bit.
 */
@Tag("python-interop")
class DecoderAdaptersInteropTest {
    private static final double TOLERANCE = 1e-5;
    private static final String TEXT = """
            The quick brown fox jumps over the lazy dog, and the dog sleeps on.
            Der schnelle braune Fuchs springt über den faulen Hund; der Hund schläft weiter.
            Tokenizers split numbers like 1234567 and 3.14159 in their own ways.
            Le renard brun rapide saute par-dessus le chien paresseux.
            """.repeat(12);

    @TempDir
    static Path shared;
    static Path chatModel;
    static Path text;

    @BeforeAll
    static void makeAChatModel() throws Exception {
        RealLibraries.decoders("chat-model", shared.resolve("chat"));
        chatModel = shared.resolve("chat/model");
        text = Files.writeString(shared.resolve("train.txt"), TEXT);
    }

    @ParameterizedTest
    @CsvSource({"gpt2, double_seq_bn", "tinyllama-untied, seq_bn", "mistral, double_seq_bn"})
    void anAdapterAddedByAdaptersLoadsHereAndGivesItsLogits(String variant, String config) throws Exception {
        Path out = shared.resolve(variant);
        RealLibraries.decoderAdapters("adapted", variant, config, out);
        Map<String, HostTensor> expected = Safetensors.read(out.resolve("expected.safetensors")).tensors();
        Map<String, HostTensor> adapted = Safetensors.read(out.resolve("adapted.safetensors")).tensors();
        try (DecoderModel model = DecoderModel.load(out.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            assertEquals("lang", model.loadAdapter(out.resolve("adapter"), null));
            NDArray ids = HostTensors.toNDArray(manager, expected.get("input_ids"));
            NDArray mask = HostTensors.toNDArray(manager, expected.get("attention_mask"));
            NDArray base = HostTensors.toNDArray(manager, expected.get("logits"));
            assertClose(variant + " adapter loaded, not active", base, model.logits(ids, mask, null), mask);
            model.setActiveAdapter("lang");
            NDArray withAdapter = HostTensors.toNDArray(manager, adapted.get("logits"));
            assertTrue(maxDifference(base, withAdapter, mask) > 0.05, "the adapter must change the logits");
            assertClose(variant + " with " + config, withAdapter, model.logits(ids, mask, null), mask);
        }
    }

    @Test
    void anAdapterTrainedHereLoadsInAdaptersWithTheSameLogitsAndLoss() throws Exception {
        Path saved = shared.resolve("trained-adapter");
        Path ids = shared.resolve("blocks.safetensors");
        TrainingConfig config = TrainingConfig.defaults().withBatch(4, 24).withSteps(6).withLearningRate(5e-3)
                .withEvaluation(0.0, 0);
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu())) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow();
            Map<String, ByteBuffer> before = snapshot(model.parameterArrays());
            model.addAdapter("lang", BottleneckConfig.doubleSeqBn());
            model.trainAdapter("lang", false);
            Map<String, ByteBuffer> adapterBefore = snapshot(model.trainableParameters().values());
            CausalLmTask task = CausalLmTask.fromTextFile(text, tokenizer, config);
            List<Double> losses = new ArrayList<>();
            TrainingOutcome outcome = new AdapterTrainer<>(model, task, config, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    losses.add(progress.loss());
                }
            }).train(CancellationToken.none());
            assertEquals(6, outcome.steps());
            assertEquals(before, snapshot(model.parameterArrays()),
                    "blocks and embeddings are frozen when only the adapter trains");
            Map<String, ByteBuffer> adapterAfter = snapshot(model.trainableParameters().values());
            adapterBefore.forEach((name, bytes) -> assertFalse(bytes.equals(adapterAfter.get(name)),
                    "adapter parameter " + name + " did not train"));
            assertTrue(losses.getLast() < losses.getFirst(), "the loss falls: " + losses);
            model.saveAdapter(saved, "lang");

            List<long[]> blocks = List.of(tokenizer.encode("The quick brown fox jumps over the lazy dog").ids(),
                    tokenizer.encode("Le renard brun rapide saute").ids());
            double ours = lossOf(model, tokenizer, blocks);
            PaddedBatches.write(blocks, ids);
            Path reference = shared.resolve("reference.safetensors");
            RealLibraries.decoderAdapters("adapter-logits", chatModel, saved, ids, reference);
            Map<String, HostTensor> expected = Safetensors.read(reference).tensors();
            Map<String, HostTensor> batch = Safetensors.read(ids).tensors();
            try (NDManager manager = NDManager.newBaseManager(); NDScope ignored = new NDScope()) {
                NDArray mask = HostTensors.toNDArray(manager, batch.get("attention_mask"));
                NDArray logits = model.logits(HostTensors.toNDArray(manager, batch.get("input_ids")), mask, null);
                assertClose("trained adapter", HostTensors.toNDArray(manager, expected.get("logits")), logits, mask);
                float theirs = HostTensors.toNDArray(manager, expected.get("loss")).getFloat(0);
                assertEquals(theirs, ours, TOLERANCE, "causal-LM loss, ours vs transformers'");
            }
        }
    }

    @Test
    void trainingWithEmbeddingsTrainsBothSidesOfTheActivePairAndNothingElse() throws Exception {
        Path llama2 = shared.resolve("llama2-tokenizer");
        RealLibraries.decoders("tokenizer", "llama2", llama2);
        Tokenizer newTokenizer = TokenizerLoader.load(llama2);
        TrainingConfig config = TrainingConfig.defaults().withBatch(4, 24).withSteps(6).withLearningRate(5e-3)
                .withEvaluation(0.0, 0);
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu())) {
            model.addEmbeddings("new", newTokenizer, "default", model.tokenizer().orElseThrow(),
                    EmbeddingOptions.defaults());
            List<NDArray> arrays = model.parameterArrays();
            // Blocks, then "default" (input, output rows), then "new" (input, output rows): the head is untied.
            List<NDArray> frozen = arrays.subList(0, arrays.size() - 2);
            Map<String, ByteBuffer> frozenBefore = snapshot(frozen);
            ByteBuffer inputBefore = bytes(arrays.get(arrays.size() - 2));
            ByteBuffer outputBefore = bytes(arrays.get(arrays.size() - 1));
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.trainAdapter("lang", true);
            assertEquals(List.of("embeddings.new.weight", "embeddings.new.output_rows"), model.trainableParameters()
                    .keySet().stream().filter(name -> name.startsWith("embeddings.")).toList());
            new AdapterTrainer<>(model, CausalLmTask.fromTextFile(text, newTokenizer, config), config,
                    TrainingListener.NONE).train(CancellationToken.none());
            List<NDArray> after = model.parameterArrays();
            assertEquals(frozenBefore, snapshot(after.subList(0, after.size() - 2)),
                    "blocks and the \"default\" pair are bit-exact after training \"new\"");
            assertFalse(inputBefore.equals(bytes(after.get(after.size() - 2))), "input rows train");
            assertFalse(outputBefore.equals(bytes(after.get(after.size() - 1))),
                    "output rows train");
            assertTrue(model.embedding("new").rowOriginCounts().getOrDefault(RowOrigin.TRAINED, 0) > 0,
                    "rows the run changed are marked trained");
        }
    }

    @Test
    void aRunResumedFromItsCheckpointEndsBitForBitWhereTheUninterruptedRunEnds() throws Exception {
        TrainingConfig config = TrainingConfig.defaults().withBatch(2, 16).withSteps(4).withLearningRate(5e-3)
                .withEvaluation(0.0, 0).withCheckpointEvery(2);
        Path straight = shared.resolve("straight");
        Map<String, ByteBuffer> uninterrupted;
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu())) {
            model.addAdapter("lang", BottleneckConfig.seqBn());
            model.trainAdapter("lang", true);
            new AdapterTrainer<>(model, CausalLmTask.fromTextFile(text, model.tokenizer().orElseThrow(), config),
                    config, TrainingListener.NONE).withCheckpoints(straight).train(CancellationToken.none());
            uninterrupted = snapshot(model.trainableParameters().values());
        }
        try (DecoderModel model = DecoderModel.load(chatModel, Device.cpu());
             NDManager manager = NDManager.newBaseManager()) {
            model.addAdapter("lang", BottleneckConfig.seqBn());
            TrainingSetup setup = model.trainAdapter("lang", true);
            TrainingCheckpoint.State state = TrainingCheckpoint.restore(straight.resolve("checkpoint-2"), setup,
                    model.trainableParameters(), manager);
            new AdapterTrainer<>(model, CausalLmTask.fromTextFile(text, model.tokenizer().orElseThrow(), config),
                    config, TrainingListener.NONE).train(CancellationToken.none(), state);
            assertEquals(uninterrupted, snapshot(model.trainableParameters().values()),
                    "adapter and both sides of the pair, resumed at step 2, equal the uninterrupted run's");
        }
    }

    /** The task's loss for these blocks, evaluated as one batch without gradients. */
    private static double lossOf(DecoderModel model, Tokenizer tokenizer, List<long[]> blocks) {
        TrainingConfig config = TrainingConfig.defaults().withEvaluation(0.0, 0);
        CausalLmTask task = CausalLmTask.ofBlocks(blocks, tokenizer, config);
        HostBatch batch = task.trainBatch(IntStream.range(0, blocks.size()).toArray(), 0, blocks.size(),
                new SplittableRandom(1));
        try (NDManager manager = NDManager.newBaseManager(); NDScope ignored = new NDScope()) {
            return task.loss(model, batch, manager, false).loss().getFloat();
        }
    }

    private static Map<String, ByteBuffer> snapshot(Iterable<NDArray> arrays) {
        Map<String, ByteBuffer> bytes = new LinkedHashMap<>();
        int index = 0;
        for (NDArray array : arrays) {
            bytes.put(index++ + ":" + array.getShape(), bytes(array));
        }
        return bytes;
    }

    /** A copy of the array's bytes; buffers compare by content. */
    private static ByteBuffer bytes(NDArray array) {
        ByteBuffer buffer = array.toByteBuffer();
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return ByteBuffer.wrap(copy);
    }

    private static float maxDifference(NDArray expected, NDArray actual, NDArray mask) {
        NDArray attended = mask.toType(expected.getDataType(), false).expandDims(-1);
        return expected.sub(actual).abs().mul(attended).max().getFloat();
    }

    /** Within 1e-5 at every position the mask marks as a real token. */
    private static void assertClose(String what, NDArray expected, NDArray actual, NDArray mask) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float difference = maxDifference(expected, actual, mask);
        assertTrue(difference < TOLERANCE, what + ": max abs difference " + difference + " exceeds " + TOLERANCE);
    }
}
