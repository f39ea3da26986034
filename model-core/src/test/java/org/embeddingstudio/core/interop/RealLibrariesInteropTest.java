package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DemoModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.ClassificationTask;
import org.embeddingstudio.core.training.HostBatch;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingTask;
import org.embeddingstudio.core.transformer.TokenBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both directions against the real {@code adapters} and {@code transformers} (see {@link RealLibraries}): models
 * that transformers creates compute the same here, what adapters saves loads here and computes the same, and what we
 * save loads in adapters and computes the same there — within 1e-5 in fp32.
 */
@Tag("python-interop")
class RealLibrariesInteropTest {
    static final double TOLERANCE = 1e-5;
    /** The base model's vocabulary (120 rows, as the model the script draws), in BERT's layout. */
    static final List<String> BASE_VOCAB = baseVocabulary();
    /** A new vocabulary sharing some tokens with the base one, at other ids, plus tokens the base lacks. */
    static final List<String> NEW_VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "der", "die", "das",
            "hund", "katze", "the", "mat", "##en", "##er", "und", "ist", ".", ",", "rot", "haus", "cat", "sat", "w3",
            "w0", "##s", "klein");

    @TempDir
    static Path shared;
    static Path bert;

    @BeforeAll
    static void drawBertWithTransformers() throws Exception {
        RealLibraries.python();
        bert = model("bert");
        Files.write(shared.resolve("base.txt"), BASE_VOCAB);
        Files.write(shared.resolve("new.txt"), NEW_VOCAB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta"})
    void modelsThatTransformersCreatesComputeTheSameHere(String family) throws Exception {
        Path out = model(family);
        Map<String, HostTensor> expected = Safetensors.read(out.resolve("expected.safetensors")).tensors();
        try (AdapterModel model = ModelLoader.load(out.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            TokenBatch batch = batch(manager, expected);
            NDArray hidden = model.hiddenStates(batch);
            assertClose(family + " last hidden state", array(manager, expected, "last_hidden_state"), hidden);
            assertClose(family + " masked-LM logits", array(manager, expected, "mlm_logits"),
                    model.maskedLmLogits(batch));
        }
    }

    @Test
    void theDemoModelExportedAsAHuggingFaceFolderEncodesAndComputesTheSameInTransformers() throws Exception {
        List<String> sentences = List.of("Der Hund läuft über die Straße.", "The cat sat on the mat.",
                "Tokenizers split unbelievably long words into pieces: ünïcödé, 42, 3.14!", "Kurz.");
        Path folder = shared.resolve("demo-export");
        Path out = shared.resolve("demo-encoded.safetensors");
        try (AdapterModel model = DemoModel.load(Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            model.exportHuggingFace(folder);
            RealLibraries.run("encode", folder, Files.write(shared.resolve("sentences.txt"), sentences), out);
            Map<String, HostTensor> theirs = Safetensors.read(out).tensors();
            long[] ids = array(manager, theirs, "input_ids").toLongArray();
            int width = (int) theirs.get("input_ids").shape()[1];
            Tokenizer tokenizer = model.activeTokenizer().orElseThrow();
            for (int row = 0; row < sentences.size(); row++) {
                long[] ours = tokenizer.encode(sentences.get(row)).ids();
                assertArrayEquals(ours, Arrays.copyOfRange(ids, row * width, row * width + ours.length),
                        "token ids of '" + sentences.get(row) + "'");
            }
            NDArray hidden = model.hiddenStates(batch(manager, theirs));
            // A real model's states reach magnitudes of several units; fp32 rounding over six layers scales with them.
            assertCloseRelative("hidden states", array(manager, theirs, "last_hidden_state"), hidden);
            NDArray mask = array(manager, theirs, "attention_mask").toType(hidden.getDataType(), false).expandDims(-1);
            NDArray pooled = hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
            assertCloseRelative("mean-pooled sentence vectors", array(manager, theirs, "mean_pooled"), pooled);
        }
    }

    @Test
    void whatAdaptersTrainsAndSavesLoadsHereAndComputesTheSame() throws Exception {
        Path made = shared.resolve("made-by-adapters");
        RealLibraries.run("adapters-make", bert.resolve("model"), shared.resolve("base.txt"), shared.resolve("new.txt"),
                made);
        Map<String, HostTensor> expected = Safetensors.read(made.resolve("expected.safetensors")).tensors();
        try (AdapterModel model = ModelLoader.load(bert.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            Tokenizer tokenizer = model.loadEmbeddings(made.resolve("embedding"), "new").orElseThrow();
            assertEquals(NEW_VOCAB, tokensById(tokenizer), "the tokenizer saved with the embedding");
            String adapter = model.loadAdapter(made.resolve("adapter"), null);
            assertEquals("a", adapter);
            model.setActiveAdapter(adapter);
            TokenBatch batch = batch(manager, expected);
            NDArray hidden = model.hiddenStates(batch);
            assertClose("hidden states", array(manager, expected, "last_hidden_state"), hidden);
            assertClose("classification logits", array(manager, expected, "logits"),
                    model.classificationLogitsOf(hidden, false));
        }
    }

    @ParameterizedTest(name = "{0} with a {1} head")
    @CsvSource({"bert, classification", "bert, masked-lm", "xlm-roberta, classification", "xlm-roberta, masked-lm"})
    void whatWeTrainAndSaveLoadsInAdaptersAndComputesTheSame(String family, String head) throws Exception {
        Path base = model(family).resolve("model");
        Path saved = shared.resolve("made-here-" + family + "-" + head);
        boolean classification = head.equals("classification");
        Map<String, HostTensor> ours = new LinkedHashMap<>();
        try (AdapterModel model = ModelLoader.load(base, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            Tokenizer tokenizer = TestTokenizers.fromVocabTxt(saved.resolve("new-tokenizer"), NEW_VOCAB);
            model.addEmbeddings("new", tokenizer, "default",
                    TestTokenizers.fromVocabTxt(saved.resolve("base-tokenizer"), BASE_VOCAB));
            model.addAdapter("a", BottleneckConfig.seqBn());
            TrainingConfig config = TrainingConfig.defaults().withSteps(4).withLearningRate(1e-2).withBatch(4, 16)
                    .withEvaluation(0, 0);
            List<String> texts = List.of("der hund ist rot .", "die katze und das haus", "the cat sat , klein");
            TrainingTask<AdapterModel> task;
            if (classification) {
                model.addClassificationHead("a", List.of("neg", "neutral", "pos"));
                List<String> labels = List.of("neg", "neutral", "pos");
                List<LabeledExample> examples = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    examples.add(new LabeledExample(texts.get(i % 3), null, labels.get(i % 3)));
                }
                task = ClassificationTask.of(examples, tokenizer, config);
            } else {
                Path corpus = Files.write(saved.resolve("corpus.txt"), texts);
                task = MaskedLmTask.fromTextFile(corpus, tokenizer, config);
            }
            model.trainAdapter("a", true);
            new AdapterTrainer<>(model, task, config, TrainingListener.NONE).train(CancellationToken.none());
            model.saveEmbeddings(saved.resolve("embedding"), "new", tokenizer);
            model.saveAdapter(saved.resolve("adapter"), "a", true);

            // BERT pads with id 0 and RoBERTa-style models with 1; NEW_VOCAB's [PAD] is 0, its [UNK] 1.
            TokenBatch batch = TokenBatch.of(manager, new long[][] {{2, 5, 8, 15, 18, 16, 3}, {2, 10, 20, 21, 3, 0, 0},
                    {2, 25, 12, 3, 0, 0, 0}}, new long[3][7], 0);
            ours.putAll(outputs(model, batch, classification));
        }
        Path inputs = saved.resolve("ours.safetensors");
        Safetensors.write(inputs, ours, Map.of());
        Path theirs = saved.resolve("theirs.safetensors");
        String said = RealLibraries.run("adapters-load", base, saved.resolve("embedding"), saved.resolve("adapter"),
                inputs, theirs);
        String headName = classification ? "a" : "masked_lm";
        assertTrue(said.contains("active embeddings new, adapter a, active head " + headName), said);
        assertEquals(NEW_VOCAB, Files.readAllLines(Path.of(theirs + ".vocab.txt")),
                "the tokenizer adapters' load_embeddings returns");
        Map<String, HostTensor> expected = Safetensors.read(theirs).tensors();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertClose("hidden states in adapters", array(manager, ours, "last_hidden_state"),
                    array(manager, expected, "last_hidden_state"));
            assertClose(head + " logits in adapters", array(manager, ours, "logits"),
                    array(manager, expected, "logits"));
        }
    }

    @Test
    void trainingStepsGiveTheParametersTorchsAdamWGivesAdapters() throws Exception {
        // Dropout off on both sides; a large weight decay and a small clipping norm so that the decay exemptions, the
        // clipping and the schedule each move parameters by far more than the tolerance.
        Path base = shared.resolve("no-dropout");
        copyWithoutDropout(bert.resolve("model"), base);
        TrainingConfig config = new TrainingConfig(1e-2, 1, 16, 2, 0, 0, 0.5, 0.05, 42, 0, 0, 0, 0.15);
        Path steps = shared.resolve("steps");
        try (AdapterModel model = ModelLoader.load(base, Device.cpu());
             NDManager manager = NDManager.newBaseManager()) {
            Tokenizer tokenizer = TestTokenizers.fromVocabTxt(steps.resolve("new-tokenizer"), NEW_VOCAB);
            model.addEmbeddings("new", tokenizer, "default",
                    TestTokenizers.fromVocabTxt(steps.resolve("base-tokenizer"), BASE_VOCAB));
            model.addAdapter("a", BottleneckConfig.seqBn());
            List<String> labels = List.of("neg", "neutral", "pos");
            model.addClassificationHead("a", labels);
            List<String> texts = List.of("der hund ist rot , die katze und das haus klein .");
            List<LabeledExample> examples = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                examples.add(new LabeledExample(texts.get(i), null, labels.get(i % 3)));
            }
            ClassificationTask task = ClassificationTask.of(examples, tokenizer, config);
            model.saveEmbeddings(steps.resolve("before/embedding"), "new", tokenizer);
            model.saveAdapter(steps.resolve("before/adapter"), "a", true);
            // One example, one per batch: both sides see the same batch at every step. (With several examples in
            // another order, float sums round differently, and Adam's first steps, g / sqrt(v), turn that rounding
            // into a full learning-rate step wherever a gradient element nearly cancels.)
            HostBatch batch = task.trainBatch(new int[] {0}, 0, 1, null);
            TokenBatch tokens = batch.toTokenBatch(manager);
            Safetensors.write(steps.resolve("batch.safetensors"), Map.of(
                    "input_ids", HostTensors.toHost(tokens.inputIds()),
                    "token_type_ids", HostTensors.toHost(tokens.tokenTypeIds()),
                    "attention_mask", HostTensors.toHost(tokens.attentionMask()),
                    "labels", HostTensors.toHost(manager.create(batch.sequenceLabels()))), Map.of());

            model.trainAdapter("a", true);
            new AdapterTrainer<>(model, task, config, TrainingListener.NONE).train(CancellationToken.none());
            model.saveEmbeddings(steps.resolve("after/embedding"), "new", tokenizer);
            model.saveAdapter(steps.resolve("after/adapter"), "a", true);
        }
        String said = RealLibraries.run("train-steps", base, steps.resolve("before"), steps.resolve("after"),
                steps.resolve("batch.safetensors"), config.learningRate(), config.weightDecay(), config.maxGradNorm(),
                config.steps());
        JsonNode result = new ObjectMapper().readTree(said.strip().lines().reduce((a, b) -> b).orElseThrow());
        List<String> trained = new ArrayList<>();
        result.path("trained").forEach(name -> trained.add(name.asText()));
        assertTrue(trained.contains("bert.embeddings.word_embeddings.weight") && trained.contains("heads.a.4.weight")
                && trained.stream().anyMatch(n -> n.contains(".adapters.a.adapter_down")), trained.toString());
        assertTrue(result.path("max_moved").asDouble() > 1e-2, "training moved the parameters: " + said);
        double difference = result.path("max_difference").asDouble();
        assertTrue(difference < TOLERANCE, "after " + config.steps() + " steps the parameters differ from adapters'"
                + " by up to " + difference + ": " + said);
    }

    private static void copyWithoutDropout(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(to.resolve("config.json").toFile());
        config.put("hidden_dropout_prob", 0.0);
        config.put("attention_probs_dropout_prob", 0.0);
        Files.writeString(to.resolve("config.json"), config.toString());
    }

    @Test
    void addEmbeddingsCopiesTheRowsAdaptersCopies() throws Exception {
        Path out = shared.resolve("copied.safetensors");
        RealLibraries.run("copied-rows", bert.resolve("model"), shared.resolve("base.txt"), shared.resolve("new.txt"),
                out);
        Map<String, HostTensor> theirs = Safetensors.read(out).tensors();
        try (AdapterModel model = ModelLoader.load(bert.resolve("model"), Device.cpu());
             NDManager manager = NDManager.newBaseManager()) {
            Tokenizer reference = TestTokenizers.fromVocabTxt(shared.resolve("base-tokenizer"), BASE_VOCAB);
            Tokenizer tokenizer = TestTokenizers.fromVocabTxt(shared.resolve("new-tokenizer"), NEW_VOCAB);
            EmbeddingInitializer.Created created = model.addEmbeddings("new", tokenizer, "default", reference);
            long[] copiedThere = array(manager, theirs, "copied").toLongArray();
            float[] rowsThere = array(manager, theirs, "new").toFloatArray();
            float[] rowsHere = created.embedding().weight().toFloatArray();
            int dimension = created.embedding().dimension();
            Map<Integer, Boolean> copiedHere = new HashMap<>();
            for (int row = 0; row < NEW_VOCAB.size(); row++) {
                copiedHere.put(row, created.embedding().rowOrigin(row) == RowOrigin.COPIED);
                if (copiedThere[row] == 1) {
                    float[] there = Arrays.copyOfRange(rowsThere, row * dimension, (row + 1) * dimension);
                    float[] here = Arrays.copyOfRange(rowsHere, row * dimension, (row + 1) * dimension);
                    assertArrayEquals(there, here, "row " + row + " (" + NEW_VOCAB.get(row) + ") is copied as is");
                }
            }
            Map<Integer, Boolean> expected = new HashMap<>();
            for (int row = 0; row < copiedThere.length; row++) {
                expected.put(row, copiedThere[row] == 1);
            }
            assertEquals(expected, copiedHere, "the rows copied from the reference");
            assertEquals(created.copiedRows(), Arrays.stream(copiedThere).sum());
        }
    }

    /**
     * The batch and what the model computes for it, under the names {@code real_libraries.py adapters-load} reads
     * and writes: the inputs, {@code last_hidden_state} and the active head's {@code logits}.
     */
    static Map<String, HostTensor> outputs(AdapterModel model, TokenBatch batch, boolean classification) {
        Map<String, HostTensor> outputs = new LinkedHashMap<>();
        NDArray hidden = model.hiddenStates(batch);
        outputs.put("input_ids", HostTensors.toHost(batch.inputIds()));
        outputs.put("token_type_ids", HostTensors.toHost(batch.tokenTypeIds()));
        outputs.put("attention_mask", HostTensors.toHost(batch.attentionMask()));
        outputs.put("last_hidden_state", HostTensors.toHost(hidden));
        outputs.put("logits", HostTensors.toHost(classification ? model.classificationLogitsOf(hidden, false)
                : model.maskedLmLogits(batch)));
        return outputs;
    }

    /** The folder of {@code real_libraries.py model FAMILY}, drawn on first use. */
    private static synchronized Path model(String family) throws Exception {
        Path out = shared.resolve(family);
        if (!Files.isDirectory(out)) {
            RealLibraries.run("model", family, out);
        }
        return out;
    }

    private static List<String> tokensById(Tokenizer tokenizer) {
        List<String> tokens = new ArrayList<>();
        for (int id = 0; id < tokenizer.vocabulary().size(); id++) {
            tokens.add(tokenizer.vocabulary().token(id));
        }
        return tokens;
    }

    private static List<String> baseVocabulary() {
        List<String> vocabulary = new ArrayList<>(List.of("[PAD]", "[unused0]", "[unused1]", "[unused2]", "[UNK]",
                "[CLS]", "[SEP]", "[MASK]"));
        vocabulary.addAll(TestTokenizers.words("der", "haus"));
        for (int i = 0; vocabulary.size() < 120; i++) {
            vocabulary.add("w" + i);
        }
        return List.copyOf(vocabulary);
    }

    private static TokenBatch batch(NDManager manager, Map<String, HostTensor> tensors) {
        return new TokenBatch(array(manager, tensors, "input_ids"), array(manager, tensors, "token_type_ids"),
                array(manager, tensors, "attention_mask"));
    }

    private static NDArray array(NDManager manager, Map<String, HostTensor> tensors, String name) {
        return HostTensors.toNDArray(manager, tensors.get(name));
    }

    /** Within 1e-5 of the largest magnitude in {@code expected}. */
    private static void assertCloseRelative(String what, NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float scale = Math.max(1f, expected.abs().max().getFloat());
        float maxDiff = expected.sub(actual).abs().max().getFloat();
        assertTrue(maxDiff < TOLERANCE * scale, what + ": max abs difference " + maxDiff + " exceeds " + TOLERANCE
                + " × the largest magnitude " + scale);
    }

    private static void assertClose(String what, NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float maxDiff = expected.sub(actual).abs().max().getFloat();
        assertTrue(maxDiff < TOLERANCE, what + ": max abs difference " + maxDiff + " exceeds " + TOLERANCE);
    }
}
