package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.embeddingstudio.core.cli.InfoCommandTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedCommandTest {
    @TempDir
    Path temp;
    Path model;

    @BeforeEach
    void setUp() throws IOException {
        model = CliFixtures.tinyModel(temp.resolve("model"));
    }

    @Test
    void writesEveryTokensHiddenStateWithTheAttentionMask() throws IOException {
        Path out = temp.resolve("hidden.safetensors");
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--text", "the cat sat",
                "--text", "a dog", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Embedded 2 sequences with embedding 'default'", "last_hidden_state",
                "(2, 5, 32)", "attention_mask", "Wrote " + out);
        Map<String, HostTensor> tensors = Safetensors.read(out).tensors();
        assertArrayEquals(new long[]{2, 5, 32}, tensors.get("last_hidden_state").shape());
        // [CLS] the cat sat [SEP] / [CLS] a dog [SEP] [PAD]
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, tensors.get("attention_mask").toFloatArray());
    }

    @Test
    void meanPoolingAveragesOnlyTheUnmaskedTokens() throws IOException {
        Path hidden = temp.resolve("hidden.safetensors");
        Path pooled = temp.resolve("pooled.safetensors");
        String[] input = {"embed", "--model", model.toString(), "--text", "the cat sat", "--text", "a dog"};
        CliFixtures.run(concat(input, "--out", hidden.toString()));
        CliFixtures.Run run = CliFixtures.run(concat(input, "--pooling", "mean", "--out", pooled.toString()));

        assertEquals(0, run.exitCode(), run.err());
        float[] states = Safetensors.read(hidden).tensors().get("last_hidden_state").toFloatArray();
        HostTensor means = Safetensors.read(pooled).tensors().get("pooled");
        assertArrayEquals(new long[]{2, 32}, means.shape());
        float[] expected = new float[32];
        for (int t = 0; t < 4; t++) { // the second sequence: 4 real tokens, then padding
            for (int h = 0; h < 32; h++) {
                expected[h] += states[(5 + t) * 32 + h] / 4;
            }
        }
        float[] second = Arrays.copyOfRange(means.toFloatArray(), 32, 64);
        assertArrayEquals(expected, second, 1e-5f);
    }

    @Test
    void batchingDoesNotChangeTheOutput() throws IOException {
        Path whole = temp.resolve("whole.safetensors");
        Path batched = temp.resolve("batched.safetensors");
        String[] input = {"embed", "--model", model.toString(), "--text", "a dog", "--text", "the cat sat on the mat",
                "--text", "red"};
        CliFixtures.run(concat(input, "--out", whole.toString()));
        CliFixtures.Run run = CliFixtures.run(concat(input, "--batch-size", "2", "--out", batched.toString()));

        assertEquals(0, run.exitCode(), run.err());
        Map<String, HostTensor> expected = Safetensors.read(whole).tensors();
        Map<String, HostTensor> actual = Safetensors.read(batched).tensors();
        assertArrayEquals(new long[]{3, 8, 32}, actual.get("last_hidden_state").shape());
        assertArrayEquals(expected.get("attention_mask").toFloatArray(), actual.get("attention_mask").toFloatArray());
        assertArrayEquals(expected.get("last_hidden_state").toFloatArray(),
                actual.get("last_hidden_state").toFloatArray(), 1e-5f);
    }

    @Test
    void writesPooledVectorsAsJson() throws IOException {
        Path out = temp.resolve("pooled.json");
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--ids", "2,10,11,3;2,3",
                "--pooling", "cls", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, json.get("pooled").size());
        assertEquals(32, json.get("pooled").get(1).size());
    }

    @Test
    void idsNeedNoTokenizer() throws IOException {
        Path bare = CliFixtures.copyTinyBert(temp.resolve("bare"));
        Path out = temp.resolve("hidden.json");
        CliFixtures.Run run = CliFixtures.run("embed", "--model", bare.toString(), "--ids", "2,10,11,3",
                "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(4, json.get("last_hidden_state").get(0).size());
        assertEquals("[[1,1,1,1]]", json.get("attention_mask").toString());
    }

    @Test
    void textWithoutATokenizerAsksForIds() throws IOException {
        Path bare = CliFixtures.copyTinyBert(temp.resolve("bare"));
        CliFixtures.Run run = CliFixtures.run("embed", "--model", bare.toString(), "--text", "the cat",
                "--out", temp.resolve("x.json").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(bare + ": the model folder holds no tokenizer"), run.err());
    }

    @Test
    void aLoadedEmbeddingEncodesWithItsOwnTokenizer() throws IOException {
        Path embeddings = temp.resolve("german");
        CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german", "--tokenizer",
                CliFixtures.otherVocabulary(temp.resolve("other")).toString(), "--out", embeddings.toString());
        Path input = Files.writeString(temp.resolve("texts.txt"), "the katze sat auf mat\n\nhund\n");
        Path out = temp.resolve("hidden.safetensors");

        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--embeddings",
                embeddings.toString(), "--input", input.toString(), "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Embedded 2 sequences with embedding 'loaded'");
        // "katze" and "auf" are single tokens only in the loaded vocabulary: [CLS] + 5 words + [SEP].
        assertArrayEquals(new long[]{2, 7, 32}, Safetensors.read(out).tensors().get("last_hidden_state").shape());
    }

    @Test
    void aTextLongerThanTheModelsPositionsIsTruncatedWithAWarning() throws IOException {
        Path out = temp.resolve("long.safetensors");
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--text", "the cat ".repeat(40),
                "--text", "a dog", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: 1 of 2 texts were longer than the model's 64 positions"), run.err());
        assertArrayEquals(new long[]{2, 64, 32}, Safetensors.read(out).tensors().get("last_hidden_state").shape());
    }

    @Test
    void anInputFileThatIsNotUtf8IsNamed() throws IOException {
        Path input = Files.write(temp.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9, '\n'});
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--input", input.toString(),
                "--out", temp.resolve("x.json").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(input + ": is not UTF-8 text"), run.err());
    }

    @Test
    void anIdOutsideTheEmbeddingIsNamed() {
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--ids", "2,500,3",
                "--out", temp.resolve("x.json").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("id 500 is outside the embedding 'default', which has ids 0..98"), run.err());
    }

    @Test
    void aMissingEmbeddingsFolderIsNamed() {
        Path missing = temp.resolve("missing");
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--embeddings",
                missing.toString(), "--text", "the cat", "--out", temp.resolve("x.json").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(missing + ": no such file or folder"), run.err());
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--text", "the cat",
                "--out", temp.resolve("x.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--out must end in .safetensors or .json"), run.err());
    }

    @Test
    void textAndIdsTogetherAreAUsageError() {
        CliFixtures.Run run = CliFixtures.run("embed", "--model", model.toString(), "--text", "the cat",
                "--ids", "2,3", "--out", temp.resolve("x.json").toString());
        assertEquals(2, run.exitCode());
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
