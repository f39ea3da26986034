package org.embeddingstudio.core.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.cli.EmbeddingStudioCli;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.generation.GenerationOptions;
import org.embeddingstudio.core.generation.TextGenerator;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generation and bits per byte on a decoder whose matrix is padded past its tokenizer, against transformers:
 * greedy continuation equals {@code generate()} with the padding rows suppressed, and the summed negative
 * log-likelihood over overlapping windows equals the model's own loss; the CLI says the same.
 */
@Tag("python-interop")
class DecoderGenerationInteropTest {

    @TempDir
    static Path shared;
    static Path folder;
    static JsonNode expected;

    @BeforeAll
    static void makeModelWithTransformers() throws Exception {
        RealLibraries.decoders("chat-model", shared);
        folder = shared.resolve("model");
        expected = new ObjectMapper().readTree(shared.resolve("expected.json").toFile());
    }

    @Test
    void greedyContinuationEqualsTransformersGenerate() throws Exception {
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu());
             DecoderSnapshot decoder = model.snapshot("default")) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow();
            assertEquals(expected.get("rows").asInt(), model.config().vocabSize(), "rows");
            assertEquals(expected.get("rows").asInt() - 7, tokenizer.vocabulary().size(),
                    "tokens: the last 7 rows are padding");
            long[] prompt = tokenizer.encode(expected.get("prompt").asText()).ids();
            List<Long> streamed = new ArrayList<>();
            long[] generated = new TextGenerator(decoder, tokenizer.vocabulary()).generate(prompt,
                    GenerationOptions.greedy(12), streamed::add, CancellationToken.none());
            assertArrayEquals(ids(expected.get("new_ids")), generated);
            assertEquals(streamed, List.of(Arrays.stream(generated).boxed().toArray(Long[]::new)));
        }
    }

    @Test
    void bitsPerByteComeFromTheSameLikelihoodAsTransformersLoss() throws Exception {
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu());
             DecoderSnapshot decoder = model.snapshot("default")) {
            BitsPerByte.Result result = BitsPerByte.of(decoder, model.tokenizer().orElseThrow(),
                    expected.get("text").asText(), expected.get("window").asInt(), CancellationToken.none());
            assertEquals(expected.get("bytes").asLong(), result.bytes());
            assertEquals(expected.get("predicted").asInt(), result.predicted());
            double nats = expected.get("nats").asDouble();
            assertEquals(nats, result.nats(), 1e-5 * nats, "summed negative log-likelihood (nats)");
            assertEquals(nats / Math.log(2) / result.bytes(), result.bitsPerByte(), 1e-6);
        }
    }

    @Test
    void theCommandLineDescribesGeneratesAndEvaluatesTheDecoder() throws Exception {
        String info = cli("info", folder.toString());
        assertTrue(info.contains("decoder model folder") && info.contains("4 query, 2 key/value, 16 wide")
                && info.contains("a head of their own (lm_head)"), info);

        String generated = cli("generate", "--model", folder.toString(), "--prompt", expected.get("prompt").asText(),
                "--max-new-tokens", "12");
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu())) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow();
            long[] prompt = tokenizer.encode(expected.get("prompt").asText()).ids();
            long[] all = LongStream.concat(Arrays.stream(prompt),
                    Arrays.stream(ids(expected.get("new_ids")))).toArray();
            String text = tokenizer.decode(all, true);
            assertEquals(text.strip(), generated.strip(), "the prompt and transformers' continuation");
        }

        Path textFile = Files.writeString(shared.resolve("held-out.txt"), expected.get("text").asText());
        String evaluated = cli("evaluate", "--model", folder.toString(), "--text", textFile.toString(),
                "--window", "16");
        double bitsPerByte = expected.get("nats").asDouble() / Math.log(2) / expected.get("bytes").asLong();
        assertTrue(evaluated.contains(String.format(Locale.ROOT, "%.4f bits per byte", bitsPerByte)), evaluated);
    }

    @Test
    void addEmbeddingsOnTheDecoderThenEvaluateAndGenerateWithThem() throws Exception {
        Path tokenizer = shared.resolve("llama2-tokenizer");
        RealLibraries.decoders("tokenizer", "llama2", tokenizer);
        Path textFile = Files.writeString(shared.resolve("zero-shot.txt"), expected.get("text").asText());
        Path out = shared.resolve("embedding-de");
        String added = cli("add-embeddings", "--model", folder.toString(), "--name", "de", "--tokenizer",
                tokenizer.toString(), "--reference", "default", "--seed", "7", "--out", out.toString(),
                "--zero-shot-text", textFile.toString());
        assertTrue(added.contains("Added embedding 'de': 512 rows x 64") && added.contains("output rows (untied head)"),
                added);
        assertTrue(Files.isRegularFile(out.resolve("embedding.pt"))
                && Files.isRegularFile(out.resolve("output_embedding.safetensors"))
                && Files.isRegularFile(out.resolve("tokenizer/tokenizer.json")), "the saved pair");
        String ratio = added.substring(added.indexOf("(ratio ") + 7, added.indexOf("; 1 is no loss"));

        // Read back from the folder, the same embedding gives the same zero-shot figures.
        String evaluated = cli("evaluate", "--model", folder.toString(), "--text", textFile.toString(),
                "--embeddings", out.toString());
        assertTrue(evaluated.contains("ratio " + ratio + " "), added + "\n" + evaluated);

        String generated = cli("generate", "--model", folder.toString(), "--embeddings", out.toString(),
                "--prompt", "Der Hund", "--max-new-tokens", "5");
        assertTrue(generated.startsWith("Der Hund"), generated);
    }

    @Test
    void ompFitsBothSidesOfAPairFromADonorPair() throws Exception {
        Path tokenizer = shared.resolve("llama2-tokenizer-omp");
        RealLibraries.decoders("tokenizer", "llama2", tokenizer);
        Path donor = shared.resolve("donor");
        cli("add-embeddings", "--model", folder.toString(), "--name", "donor", "--tokenizer", tokenizer.toString(),
                "--seed", "3", "--out", donor.toString());
        Path out = shared.resolve("embedding-omp");
        String added = cli("add-embeddings", "--model", folder.toString(), "--name", "de", "--tokenizer",
                tokenizer.toString(), "--reference", "default", "--init", "omp", "--donor", donor.toString(),
                "--out", out.toString());
        int computed = Integer.parseInt(added.replaceAll("(?s).*omp:\\s+(\\d+) rows.*", "$1"));
        assertTrue(computed > 0 && added.contains("output rows (untied head)"), added);
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu())) {
            model.loadEmbeddings(out, "de");
            assertEquals(computed, model.embedding("de").rowOriginCounts().getOrDefault(RowOrigin.OMP, 0),
                    "the rows OMP computed are marked as such");
        }
    }

    @Test
    void trainANewEmbeddingPairAndAnAdapterOnTheDecoderFromTheCommandLine() throws Exception {
        Path tokenizer = shared.resolve("llama2-tokenizer-train");
        RealLibraries.decoders("tokenizer", "llama2", tokenizer);
        Path textFile = Files.writeString(shared.resolve("train.txt"), (expected.get("text").asText() + "\n")
                .repeat(8));
        Path out = shared.resolve("run-de");
        String trained = cli("train", "--model", folder.toString(), "--new-embeddings", tokenizer.toString(),
                "--name", "de", "--adapter", "lang", "--objective", "clm", "--data", textFile.toString(),
                "--steps", "4", "--batch-size", "2", "--max-length", "16", "--eval-split", "0.2",
                "--out", out.toString());
        assertTrue(trained.contains("Trained after 4 steps") && trained.contains("(perplexity "), trained);
        assertTrue(trained.lines().anyMatch(line -> line.matches("Zero-shot check on the held-out text: [\\d.]+ bits "
                + "per byte under 'de', [\\d.]+ under 'default' \\(ratio [\\d.]+; 1 is no loss\\)")), trained);
        assertTrue(Files.isRegularFile(out.resolve("embedding/embedding.pt"))
                && Files.isRegularFile(out.resolve("embedding/output_embedding.safetensors"))
                && Files.isRegularFile(out.resolve("adapter/pytorch_adapter.bin")), "the trained pair and adapter");
        JsonNode adapterConfig = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
        assertEquals("LlamaForCausalLM", adapterConfig.get("model_class").asText());
        assertEquals("llama", adapterConfig.get("model_type").asText());
        String heldOut = trained.lines().filter(line -> line.startsWith("Held out")).findFirst().orElseThrow();
        String evaluated = cli("evaluate", "--model", folder.toString(), "--embeddings",
                out.resolve("embedding").toString(), "--adapter-folder", out.resolve("adapter").toString(),
                "--objective", "clm", "--data", textFile.toString(), "--max-length", "16", "--eval-split", "0.2");
        assertEquals(heldOut, evaluated.strip(), "the saved pair and adapter give the run's own last evaluation");
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertTrue(run.path("drift").size() > 0 && run.path("final_loss").asDouble() > 0,
                "run.json has the pair's drift by row origin: " + run);

        try (DecoderModel model = DecoderModel.load(folder, Device.cpu())) {
            model.loadEmbeddings(out.resolve("embedding"), "de");
            assertEquals("lang", model.loadAdapter(out.resolve("adapter"), null));
            assertTrue(model.embedding("de").rowOriginCounts().getOrDefault(RowOrigin.TRAINED, 0) > 0,
                    "the saved pair remembers which rows trained");
        }
    }

    @Test
    void embedPoolsEachSequencesLastTokenAsIfItRanAlone() throws Exception {
        List<String> texts = List.of("Der Hund schläft.", "The quick brown fox jumps over the lazy dog, and more.");
        Path out = shared.resolve("pooled.safetensors");
        cli("embed", "--model", folder.toString(), "--text", texts.get(0), "--text", texts.get(1), "--pooling",
                "last", "--out", out.toString());
        HostTensor pooled = Safetensors.read(out).tensors().get("pooled");
        assertArrayEquals(new long[] {2, 64}, pooled.shape());
        float[] values = pooled.toFloatArray();
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu());
             NDManager manager = NDManager.newBaseManager();
             NDScope ignored = new NDScope()) {
            for (int row = 0; row < texts.size(); row++) {
                long[] ids = model.tokenizer().orElseThrow().encode(texts.get(row)).ids();
                NDArray alone = manager.create(ids).reshape(1, ids.length);
                float[] last = model.hiddenStates(alone, alone.onesLike(), null)
                        .get(new NDIndex("0, -1, :")).toFloatArray();
                for (int i = 0; i < last.length; i++) {
                    assertEquals(last[i], values[row * 64 + i], 1e-5, "sequence " + row + ", dimension " + i);
                }
            }
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new EmbeddingStudioCli(new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        assertEquals(0, code, String.join(" ", args) + " failed: " + err);
        return out.toString();
    }

    private static long[] ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}
