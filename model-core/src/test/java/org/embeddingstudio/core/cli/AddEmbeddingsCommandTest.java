package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.embeddingstudio.core.cli.InfoCommandTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddEmbeddingsCommandTest {
    @TempDir
    Path temp;
    Path model;
    Path other;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        model = CliFixtures.tinyModel(temp.resolve("model"));
        other = CliFixtures.otherVocabulary(temp.resolve("other"));
        out = temp.resolve("out");
    }

    @Test
    void copiesSharedTokensFromTheReferenceAndDrawsTheRest() throws IOException {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--reference", "default", "--reference-tokenizer",
                model.resolve("vocab.txt").toString(), "--seed", "7", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Added embedding 'german': 13 rows x 32", "copied: 9 rows from 'default'",
                "drawn:  4 rows from N(0, 0.02), seed 7");
        TorchContent.SingleTensor saved = assertInstanceOf(TorchContent.SingleTensor.class,
                TorchFile.read(out.resolve("embedding.pt")));
        assertArrayEquals(new long[]{13, 32}, saved.tensor().shape());
        assertTrue(Files.isRegularFile(out.resolve("tokenizer/tokenizer.json")));
    }

    @Test
    void theModelsOwnTokenizerIsTheDefaultReferenceTokenizer() {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--reference", "default", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "copied: 9 rows");
    }

    @Test
    void withoutAReferenceEveryRowIsDrawn() {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "fresh",
                "--tokenizer", other.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "copied: 0 rows", "drawn:  13 rows");
    }

    @Test
    void formatBothWritesBothWeightFiles() throws IOException {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--out", out.toString(), "--format", "both");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(out.resolve("embedding.pt")));
        assertArrayEquals(new long[]{13, 32},
                Safetensors.read(out.resolve("embedding.safetensors")).tensors().get("weight").shape());
    }

    @Test
    void anUnknownReferenceEmbeddingIsNamed() {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--reference", "nope", "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no embedding named 'nope'"), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBadTokenizerFileIsNamed() throws IOException {
        Path broken = Files.writeString(temp.resolve("tokenizer.json"), "not json at all");
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", broken.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: " + broken), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMissingModelFolderIsNamed() {
        Path missing = temp.resolve("no-model");
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", missing.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(missing + ": no such file or folder"), run.err());
    }

    @Test
    void aReferenceTokenizerWithoutAReferenceIsAUsageError() {
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "german",
                "--tokenizer", other.toString(), "--reference-tokenizer", other.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--reference-tokenizer needs --reference"), run.err());
    }
}
