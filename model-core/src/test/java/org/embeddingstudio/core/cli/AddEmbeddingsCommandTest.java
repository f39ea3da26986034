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
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void normalizedModeMatchesAcrossTokenizerConventions() throws IOException {
        Path bpe = Files.createDirectories(temp.resolve("bpe"));
        Files.writeString(bpe.resolve("merges.txt"), "#version: 0.2\nh e\nl l\nll o\nhe llo\nĠ w\no r\nĠw or\n"
                + "l d\nĠwor ld\n");
        Files.writeString(bpe.resolve("vocab.json"), "{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3, \"h\": 4, "
                + "\"e\": 5, \"l\": 6, \"o\": 7, \"Ġ\": 8, \"w\": 9, \"r\": 10, \"d\": 11, \"he\": 12, \"ll\": 13, "
                + "\"llo\": 14, \"hello\": 15, \"Ġw\": 16, \"or\": 17, \"Ġwor\": 18, \"ld\": 19, \"Ġworld\": 20, "
                + "\"<mask>\": 21}");
        Path reference = Files.createDirectories(temp.resolve("reference"));
        Files.write(reference.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "world",
                "hello", "##llo", "he"));
        String[] common = {"add-embeddings", "--model", model.toString(), "--name", "bpe", "--tokenizer",
                bpe.resolve("vocab.json").toString(), "--reference", "default", "--reference-tokenizer",
                reference.resolve("vocab.txt").toString(), "--seed", "1"};
        CliFixtures.Run exact = CliFixtures.run(concat(common, "--out", temp.resolve("exact").toString()));
        CliFixtures.Run normalized = CliFixtures.run(concat(common, "--mode", "normalized", "--out",
                temp.resolve("normalized").toString()));
        assertEquals(0, exact.exitCode(), exact.err());
        assertEquals(0, normalized.exitCode(), normalized.err());
        // Exact: "he" and "hello", both false friends (mid-word in BPE, word-initial in WordPiece).
        assertContainsAll(exact.out(), "copied: 2 rows");
        // Normalized: the five special tokens by role, Ġworld ↔ world and llo ↔ ##llo; the false friends are not.
        assertEquals(7, copied(normalized.out()), normalized.out());
    }

    /** roberta-base's vocab.json leaves ids without a token; here 6 and 7: their rows are drawn, not copied. */
    @Test
    void aTokenizerWithIdsWithoutATokenGetsARowPerIdAndDrawsTheGaps() throws IOException {
        Path bpe = Files.createDirectories(temp.resolve("gapped"));
        Files.writeString(bpe.resolve("merges.txt"), "#version: 0.2\n");
        Files.writeString(bpe.resolve("vocab.json"), "{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3, "
                + "\"world\": 4, \"hello\": 5, \"<mask>\": 8}");
        Path reference = Files.createDirectories(temp.resolve("reference"));
        Files.write(reference.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "world",
                "hello"));
        CliFixtures.Run run = CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "gapped",
                "--tokenizer", bpe.resolve("vocab.json").toString(), "--reference", "default",
                "--reference-tokenizer", reference.resolve("vocab.txt").toString(), "--seed", "1", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Added embedding 'gapped': 9 rows x 32", "copied: 2 rows");
        CliFixtures.Run info = CliFixtures.run("info", bpe.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertContainsAll(info.out(), "without token:  2 ids (6, 7)");
    }

    static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    static int copied(String output) {
        Matcher m = Pattern.compile("copied: (\\d+) rows").matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
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
