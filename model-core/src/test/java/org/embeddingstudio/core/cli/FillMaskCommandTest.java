package org.embeddingstudio.core.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.embeddingstudio.core.cli.InfoCommandTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillMaskCommandTest {
    @TempDir
    Path temp;

    @Test
    void printsTheTopCandidatesOfEachMask() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "the [MASK] sat on the [MASK]",
                "--top", "3");

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Embedding 'default'", "Mask 1 of 2 (token position 2)",
                "Mask 2 of 2 (token position 6)", "probability");
        assertEquals(6, run.out().lines().filter(line -> line.matches("\\s+[123]\\s+\\S+\\s+0\\.\\d{4}")).count(),
                run.out());
        assertFalse(run.err().contains("fresh"), run.err());
    }

    @Test
    void writesThePredictionsAsJson() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        Path json = temp.resolve("predictions.json");
        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "the cat [MASK]",
                "--json", json.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, root.get("masks").size());
        assertEquals(5, root.get("masks").get(0).get("candidates").size());
        assertFalse(root.get("masked_lm_head_fresh").asBoolean());
    }

    @Test
    void saysWhenTheMaskedLmHeadWasFreshlyInitialised() throws IOException {
        Path model = CliFixtures.tinyModelWithoutHead(temp.resolve("headless"));
        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "the cat [MASK]");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("has no masked-LM head, so a fresh one was initialised"), run.err());
    }

    @Test
    void predictsOverALoadedEmbeddingsVocabulary() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        Path embeddings = temp.resolve("german");
        CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german", "--tokenizer",
                CliFixtures.otherVocabulary(temp.resolve("other")).toString(), "--out", embeddings.toString());

        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "--embeddings",
                embeddings.toString(), "die katze [MASK]", "--top", "13");

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Embedding 'loaded'", "hund", "katze");
    }

    @Test
    void aGpuWithoutPyTorchsCudaBuildIsExplained() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        if (Engine.getEngine("PyTorch").getGpuCount() == 0) { // the CPU build, as from Maven Central
            CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "--device", "gpu",
                    "the cat [MASK]");
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("CUDA build") && run.err().contains("README"), run.err());
        }
        CliFixtures.Run bad = CliFixtures.run("fill-mask", "--model", model.toString(), "--device", "tpu",
                "the cat [MASK]");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("'tpu' is not cpu, gpu or gpu:N"), bad.err());
    }

    @Test
    void aTextWithoutAMaskIsExplained() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", model.toString(), "the cat sat");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("the text has no [MASK] to fill"), run.err());
    }

    @Test
    void aModelWithoutATokenizerIsExplained() throws IOException {
        Path bare = CliFixtures.copyTinyBert(temp.resolve("bare"));
        CliFixtures.Run run = CliFixtures.run("fill-mask", "--model", bare.toString(), "the [MASK]");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(bare + ": the model folder has no tokenizer"), run.err());
    }
}
