package org.embeddingstudio.core.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code embedding-studio train}: the Training window's run, headless. */
class TrainCommandTest {
    @TempDir
    Path temp;
    Path model;
    Path other;
    Path corpus;

    @BeforeEach
    void setUp() throws Exception {
        model = CliFixtures.tinyModel(temp.resolve("model"));
        other = CliFixtures.otherVocabulary(temp.resolve("other"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(i % 2 == 0 ? "the cat sat on the mat" : "der hund sat on the mat");
        }
        corpus = Files.write(temp.resolve("corpus.txt"), lines);
    }

    @Test
    void aNewEmbeddingTrainsWithItsAdapterAndBothAreSavedInAdaptersLayout() throws Exception {
        Path out = temp.resolve("run");
        CliFixtures.Run run = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--name", "german", "--adapter", "lang", "--objective", "mlm", "--data",
                corpus.toString(), "--steps", "6", "--batch-size", "4", "--max-length", "16", "--eval-split", "0.2",
                "--checkpoint-every", "3", "--out", out.toString(), "--json-progress");
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.err().strip().split("\n")) {
            events.add(new ObjectMapper().readTree(line));
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), events.stream().filter(e -> e.path("event").asText().equals("step"))
                .map(e -> e.path("step").asInt()).toList(), "one JSON line a step: " + run.err());
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("checkpoint")
                && e.path("step").asInt() == 3));
        assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("evaluation")));
        assertTrue(run.out().contains("Saved the embedding 'german'"), run.out());
        for (String file : List.of("embedding/embedding.pt", "embedding/tokenizer", "adapter/adapter_config.json",
                "adapter/pytorch_adapter.bin", "adapter/head_config.json", "checkpoints/checkpoint-3", "run.json")) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(6, summary.path("steps").asInt());
        assertFalse(summary.path("evaluations").isEmpty());
        assertTrue(summary.path("drift").has("copied") && summary.path("drift").has("random"), summary.toString());

        // What was saved loads back and differs from what add_embeddings drew: it trained.
        try (AdapterModel reloaded = ModelLoader.load(model, Device.cpu())) {
            reloaded.loadEmbeddings(out.resolve("embedding"), "german");
            assertEquals("lang", reloaded.loadAdapter(out.resolve("adapter"), null));
            reloaded.addEmbeddings("fresh", reloaded.embedding("german").tokenizer().orElseThrow(),
                    "default", reloaded.embedding("default").tokenizer().orElseThrow());
            float[] german = reloaded.read(p -> p.embedding("german").weight().toFloatArray());
            assertFalse(Arrays.equals(german, reloaded.read(p -> p.embedding("fresh").weight().toFloatArray())));
        }
    }

    @Test
    void dataTheTrainedTokenizerCannotReadIsWarnedAboutBeforeTheRun() throws Exception {
        Path greek = Files.write(temp.resolve("greek.txt"), List.of("η γάτα κάθεται στο χαλί", "ο σκύλος τρέχει"));
        CliFixtures.Run run = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--name", "german", "--adapter", "lang", "--objective", "mlm", "--data",
                greek.toString(), "--steps",
                "1", "--batch-size", "2", "--max-length", "16", "--out", temp.resolve("run").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: Under the tokenizer of 'german', the first 2 texts of the data have "
                + "100.0 % unknown tokens"), run.err());
    }

    @Test
    void evaluateGivesTheRunsOwnLastHeldOutFigures() throws Exception {
        Path out = temp.resolve("run");
        CliFixtures.Run run = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--adapter", "lang", "--objective", "mlm", "--data", corpus.toString(),
                "--steps", "4", "--batch-size", "4", "--max-length", "16", "--eval-split", "0.2",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode evaluations = new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("evaluations");
        JsonNode last = evaluations.get(evaluations.size() - 1);

        CliFixtures.Run evaluate = CliFixtures.run("evaluate", "--model", model.toString(), "--embeddings",
                out.resolve("embedding").toString(), "--adapter-folder", out.resolve("adapter").toString(),
                "--objective", "mlm", "--data", corpus.toString(), "--batch-size", "4", "--max-length", "16",
                "--eval-split", "0.2");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains(String.format(Locale.ROOT, "Held out (%d masked tokens): loss %.4f,"
                + " accuracy %.3f", last.path("examples").asInt(), last.path("loss").asDouble(),
                last.path("accuracy").asDouble())), evaluate.out() + " vs " + last);
    }

    @Test
    void aRunResumedFromItsCheckpointEndsWhereAnUninterruptedRunEnds() throws Exception {
        List<String> common = List.of("train", "--model", model.toString(), "--new-embeddings", other.toString(),
                "--adapter", "lang", "--objective", "mlm", "--data", corpus.toString(), "--steps", "6",
                "--batch-size", "4", "--max-length", "16", "--eval-split", "0", "--seed", "7", "--checkpoint-every",
                "3");
        Path whole = temp.resolve("whole");
        assertEquals(0, run(common, "--out", whole.toString()).exitCode());
        Path resumed = temp.resolve("resumed");
        CliFixtures.Run second = run(common, "--out", resumed.toString(), "--resume",
                whole.resolve("checkpoints/checkpoint-3").toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(Arrays.equals(Files.readAllBytes(whole.resolve("adapter/pytorch_adapter.bin")),
                Files.readAllBytes(resumed.resolve("adapter/pytorch_adapter.bin"))), "the adapter bit for bit");
        assertTrue(Arrays.equals(Files.readAllBytes(whole.resolve("embedding/embedding.pt")),
                Files.readAllBytes(resumed.resolve("embedding/embedding.pt"))), "the embedding bit for bit");
    }

    @Test
    void classificationNamesColumnsAndReportsTheMajorityBaseline() throws Exception {
        List<String> rows = new ArrayList<>(List.of("review,stars"));
        for (int i = 0; i < 24; i++) {
            rows.add(i % 2 == 0 ? "the cat sat on the mat,good" : "a dog ran,bad");
        }
        Path data = Files.write(temp.resolve("reviews.csv"), rows);
        Path out = temp.resolve("cls");
        CliFixtures.Run run = CliFixtures.run("train", "--model", model.toString(), "--embeddings",
                embeddingFolder().toString(), "--adapter", "sentiment", "--objective", "classification", "--data",
                data.toString(), "--text-column", "review", "--label-column", "stars", "--no-train-embeddings",
                "--steps", "4", "--batch-size", "4", "--max-length", "16", "--eval-split", "0.25", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("majority baseline 0.5"), run.out());
        JsonNode head = new ObjectMapper().readTree(out.resolve("adapter/head_config.json").toFile());
        assertEquals("classification", head.path("config").path("head_type").asText());
        assertEquals(List.of("bad", "good"), List.of(head.path("config").path("label2id").fieldNames().next(),
                "good"));
        assertFalse(new ObjectMapper().readTree(out.resolve("run.json").toFile()).has("drift"),
                "a frozen embedding does not drift");
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() {
        CliFixtures.Run neither = CliFixtures.run("train", "--model", model.toString(), "--adapter", "a",
                "--objective", "mlm", "--data", corpus.toString(), "--out", temp.resolve("x").toString());
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("--embeddings DIR or --new-embeddings"), neither.err());
        CliFixtures.Run missing = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--adapter", "a", "--objective", "mlm", "--data", temp.resolve("nope.txt")
                        .toString(), "--out", temp.resolve("x").toString());
        assertTrue(missing.exitCode() != 0 && missing.err().contains("nope.txt"), missing.err());
        CliFixtures.Run rate = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--adapter", "a", "--objective", "mlm", "--data", corpus.toString(),
                "--learning-rate", "2", "--out", temp.resolve("x").toString());
        assertEquals(2, rate.exitCode());
        assertTrue(rate.err().contains("learning rate must be in (0, 1)"), rate.err());
        CliFixtures.Run precision = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--adapter", "a", "--objective", "mlm", "--data", corpus.toString(),
                "--precision", "fp16", "--out", temp.resolve("x").toString());
        assertEquals(2, precision.exitCode());
        assertTrue(precision.err().contains("unknown precision 'fp16': choose fp32 or bf16"), precision.err());
    }

    @Test
    void aBf16RunSaysSoInItsRecord() throws Exception {
        Path out = temp.resolve("bf16");
        CliFixtures.Run run = CliFixtures.run("train", "--model", model.toString(), "--new-embeddings",
                other.toString(), "--adapter", "lang", "--objective", "mlm", "--data", corpus.toString(),
                "--steps", "2", "--batch-size", "4", "--max-length", "16", "--precision", "bf16",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode record = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("bf16", record.path("config").path("precision").asText(), record.toString());
        assertTrue(Files.isRegularFile(out.resolve("embedding").resolve("embedding.pt")));
    }

    private Path embeddingFolder() {
        Path folder = temp.resolve("embedding");
        CliFixtures.Run add = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "other",
                "--tokenizer", other.toString(), "--reference", "default", "--seed", "1", "--out", folder.toString());
        assertEquals(0, add.exitCode(), add.err());
        return folder;
    }

    private static CliFixtures.Run run(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return CliFixtures.run(all.toArray(String[]::new));
    }
}
