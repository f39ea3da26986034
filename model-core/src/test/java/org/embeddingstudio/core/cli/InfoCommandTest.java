package org.embeddingstudio.core.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    @TempDir
    Path temp;

    @Test
    void describesAModelFolder() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        CliFixtures.Run run = CliFixtures.run("info", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "model folder", "architecture:   bert", "layers:         2",
                "hidden size:    32", "heads:          4", "vocab size:     99", "model.safetensors",
                "kind:           WordPiece", "size:           99 tokens");
    }

    @Test
    void describesATokenizerFileWithItsSpecialTokens() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        CliFixtures.Run run = CliFixtures.run("info", model.resolve("vocab.txt").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "tokenizer", "WordPiece", "99 tokens", "mask=[MASK] (4)", "pad=[PAD] (0)");
    }

    @Test
    void describesAnEmbeddingsFolderWithItsProvenance() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        Path tokenizer = CliFixtures.otherVocabulary(temp.resolve("other"));
        Path out = temp.resolve("emb");
        CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "other", "--tokenizer",
                tokenizer.toString(), "--reference", "default", "--seed", "42", "--out", out.toString());

        CliFixtures.Run run = CliFixtures.run("info", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "embeddings folder", "rows x dim:     13 x 32", "name:           other",
                "reference:      'default'", "seed:           42", "copied 9", "random 4", "13 tokens");
    }

    @Test
    void listsTheTensorsOfASafetensorsFile() {
        CliFixtures.Run run = CliFixtures.run("info", CliFixtures.TINY_BERT.resolve("model.safetensors").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "safetensors file", "bert.embeddings.word_embeddings.weight", "F32",
                "(99, 32)", "cls.predictions.bias", "(99,)");
    }

    @Test
    void describesATorchSaveFile() throws IOException {
        Path model = CliFixtures.tinyModel(temp.resolve("model"));
        Path out = temp.resolve("emb");
        CliFixtures.run("add-embeddings", "--model", model.toString(), "--name", "copy", "--tokenizer",
                model.resolve("vocab.txt").toString(), "--out", out.toString());

        CliFixtures.Run run = CliFixtures.run("info", out.resolve("embedding.pt").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "torch.save file, one nn.Parameter", "F32", "(99, 32)");
    }

    @Test
    void refusesAMaliciousPickleWithTheApisMessage() throws IOException {
        Path evil = CliFixtures.maliciousPickle(temp.resolve("evil.pt"));
        CliFixtures.Run run = CliFixtures.run("info", evil.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(evil + ": refused to load: the pickle asks for os.system, which can run code"),
                run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMissingPathIsNamed() {
        Path missing = temp.resolve("nowhere");
        CliFixtures.Run run = CliFixtures.run("info", missing.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(missing + ": no such file or folder"), run.err());
    }

    @Test
    void aBrokenTokenizerFileIsNamed() throws IOException {
        Path broken = Files.writeString(temp.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\"");
        CliFixtures.Run run = CliFixtures.run("info", broken.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: " + broken), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aFolderOfSomethingElseIsExplained() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("photos"));
        CliFixtures.Run run = CliFixtures.run("info", folder.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(folder + ": not a model folder"), run.err());
    }

    static void assertContainsAll(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "missing '" + part + "' in:\n" + text);
        }
    }
}
