package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainTokenizerCommandTest {
    @TempDir
    Path temp;

    private Path corpus(String text) throws IOException {
        return Files.writeString(temp.resolve("corpus.txt"), text);
    }

    @Test
    void bpeWritesAByteLevelTokenizerJsonThatEncodesTheCorpusWords() throws IOException {
        Path corpus = corpus("the cat sat on the mat\nthe cats sat\n\nthe cat\n");
        Path out = temp.resolve("tok");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type", "bpe",
                "--size", "300", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        // The words run out before 300 tokens: every word of the corpus is then one token.
        assertTrue(run.out().contains("Trained a byte-level BPE vocabulary of"), run.out());
        assertTrue(run.out().contains("ran out of pairs"), run.out());
        JsonNode document = new ObjectMapper().readTree(out.resolve("tokenizer.json").toFile());
        assertEquals("BPE", document.at("/model/type").asText());
        assertEquals("ByteLevel", document.at("/pre_tokenizer/type").asText());
        try (Tokenizer tokenizer = TokenizerLoader.load(out)) {
            assertEquals(List.of("<s>", "the", "Ġcats", "Ġsat", "</s>"),
                    List.of(tokenizer.encode("the cats sat").tokens()));
            assertEquals(List.of("Ġ", "d", "o", "g"), List.of(tokenizer.encode(" dog", EncodeOptions.defaults()
                    .withSpecialTokens(false)).tokens()), "an unseen word falls back to byte symbols, never <unk>");
        }
    }

    @Test
    void minFrequencyStopsBpeAtRarePairs() throws IOException {
        Path corpus = corpus("aaab aab ab\n");
        Path out = temp.resolve("tok");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type", "bpe",
                "--size", "400", "--min-frequency", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode merges = new ObjectMapper().readTree(out.resolve("tokenizer.json").toFile()).at("/model/merges");
        assertEquals("[\"a a\"]", merges.toString());
    }

    @Test
    void wordPieceKeepsTheLimitedAlphabetAndTheInitialCharacters() throws IOException {
        // Characters: t 9, a 6, then h e c s 3 each; the limit keeps x y z (initial) and t, a.
        Path corpus = corpus("the cat sat on the mat\nthe cats sat\nthe cat\n");
        Path out = temp.resolve("tok");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--size", "100",
                "--limit-alphabet", "5", "--initial-alphabet", "xyz", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Tokenizer tokenizer = TokenizerLoader.load(out)) {
            List<String> tokens = tokenizer.vocabulary().tokens();
            assertEquals(List.of("a", "t", "x", "y", "z"), tokens.subList(5, 10));
            assertFalse(tokens.contains("c"), tokens.toString());
            assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), List.of(tokenizer.encode("cat").tokens()),
                    "a character left out of the alphabet makes its word unknown");
        }
    }

    @Test
    void alphabetOptionsAreRefusedForBpe() throws IOException {
        Path corpus = corpus("the cat sat\n");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type", "bpe",
                "--size", "300", "--limit-alphabet", "10", "--out", temp.resolve("tok").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--limit-alphabet and --initial-alphabet are for WordPiece"), run.err());
    }

    @Test
    void aBpeSizeBelowSpecialsPlusBytesIsRefusedWithTheMinimum() throws IOException {
        Path corpus = corpus("the cat sat\n");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type", "bpe",
                "--size", "30", "--out", temp.resolve("tok").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--size must be at least 261 for byte-level BPE"), run.err());
        assertFalse(Files.exists(temp.resolve("tok")));
    }

    @Test
    void anEmptyCorpusIsRefusedByName() throws IOException {
        Path corpus = corpus("\n   \n");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type", "bpe",
                "--size", "300", "--out", temp.resolve("tok").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("corpus.txt: has no text to train on"), run.err());
        assertFalse(Files.exists(temp.resolve("tok")));
    }
}
