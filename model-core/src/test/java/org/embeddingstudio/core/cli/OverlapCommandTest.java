package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.TestTokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlapCommandTest {
    @TempDir
    Path temp;

    private Path wordPiece(String name, List<String> tokens) {
        TestTokenizers.wordPiece(temp.resolve(name), tokens).close();
        return temp.resolve(name).resolve("vocab.txt");
    }

    /** RoBERTa-style byte-level BPE in which 'the' is mid-word and 'Ġthe' word-initial. */
    private Path byteLevelBpe() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("bpe"));
        Files.writeString(folder.resolve("vocab.json"), """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "t": 4, "h": 5, "e": 6, "Ġ": 7, "th": 8,
                 "the": 9, "Ġthe": 10, "<mask>": 11}
                """);
        Files.writeString(folder.resolve("merges.txt"), "#version: 0.2\nt h\nth e\nĠ the\n");
        return folder.resolve("vocab.json");
    }

    /** roberta-base's vocab.json leaves 50261–50263 without a token; here 9 and 10. */
    @Test
    void countsAVocabularyWithIdsWithoutATokenAndNamesThem() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("gapped"));
        Files.writeString(folder.resolve("vocab.json"), """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "t": 4, "h": 5, "e": 6, "Ġ": 7, "th": 8,
                 "<mask>": 11}
                """);
        Files.writeString(folder.resolve("merges.txt"), "#version: 0.2\nt h\n");
        CliFixtures.Run run = CliFixtures.run("overlap", folder.resolve("vocab.json").toString(),
                byteLevelBpe().toString(), "--json", temp.resolve("out.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "12 ids, 2 without a token (9, 10)", "Shared: 10",
                "Only in A (random rows): 2; B rows not copied: 2");
        assertTrue(Files.readString(temp.resolve("out.json")).contains("\"idsWithoutTokenA\" : 2"));
    }

    @Test
    void printsCountsBreakdownsAndCoverageAndWritesCsvAndJson() throws IOException {
        Path a = wordPiece("a", List.of("the", "cat", "sat", "on", "mat", "##s", "."));
        Path b = wordPiece("b", List.of("the", "dog", "##s", "mat"));
        Path corpus = Files.writeString(temp.resolve("corpus.txt"), "the cat sat on the mat.\nthe cats\n");
        Path csv = temp.resolve("out.csv");
        Path json = temp.resolve("out.json");
        CliFixtures.Run run = CliFixtures.run("overlap", a.toString(), b.toString(), "--corpus", corpus.toString(),
                "--csv", csv.toString(), "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Shared: 8", "Only in A (random rows): 4; B rows not copied: 1",
                "False friends: 0 of 8", "WORD_INITIAL", "LATIN", "fertility 1.250",
                "322.6 tokens per 1000 characters, 3.10 bytes per token", "unknown 55.556 %",
                "with copied rows: 50.00 %", "cat");
        assertTrue(Files.readString(csv).contains("\"the\""));
        assertTrue(Files.readString(json).contains("\"copiedShare\" : 0.5"));
    }

    @Test
    void warnsAboutFalseFriendsAndListsIntersectionsOfThree() throws IOException {
        Path bert = wordPiece("bert", List.of("the", "##s"));
        Path other = wordPiece("other", List.of("the"));
        Path corpus = Files.writeString(temp.resolve("the.txt"), "the the\n");
        CliFixtures.Run run = CliFixtures.run("overlap", bert.toString(), byteLevelBpe().toString(), other.toString(),
                "--corpus", corpus.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "False friends: 1 of 1", "WARNING: 1 of 1 exact-string matches",
                "of which copied from false friends (wrong meaning): 100.00 %",
                "'the': word-initial 'the' in A, mid-word 'the' in B", "Intersections", "A∩C");
    }

    @Test
    void byteLevelTokensArePrintedAsTextAndTheCsvHasBothForms() throws IOException {
        Path bert = wordPiece("bert", List.of("cat"));
        Path corpus = Files.writeString(temp.resolve("the.txt"), "the the\n");
        Path csv = temp.resolve("out.csv");
        CliFixtures.Run run = CliFixtures.run("overlap", byteLevelBpe().toString(), bert.toString(),
                "--corpus", corpus.toString(), "--csv", csv.toString(), "--mode", "normalized");
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Most frequent tokens that start random:", "'␣the' (raw 'Ġthe')");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("target_id,target_token,reference_id,reference_token,match,target_readable,reference_readable",
                lines.get(0));
    }

    @Test
    void normalizedModeMapsByConventionAndRole() throws IOException {
        Path bert = wordPiece("bert", List.of("the"));
        CliFixtures.Run run = CliFixtures.run("overlap", bert.toString(), byteLevelBpe().toString(),
                "--mode", "normalized");
        assertEquals(0, run.exitCode(), run.err());
        assertContainsAll(run.out(), "Shared: 6 (A rows copied from B: exact 0, normalized 1, special by role 5)");
    }

    @Test
    void aMissingTokenizerIsNamedAndExitsWith1() {
        CliFixtures.Run run = CliFixtures.run("overlap", temp.resolve("nope").toString(),
                temp.resolve("nope2").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("nope"), run.err());
    }

    @Test
    void oneTokenizerIsAUsageError() {
        assertEquals(2, CliFixtures.run("overlap", temp.toString()).exitCode());
    }

    @Test
    void trainsAWordPieceTokenizer() throws IOException {
        Path corpus = Files.writeString(temp.resolve("c.txt"), "the cat sat on the mat\nthe cats sat\n");
        Path out = temp.resolve("tok");
        CliFixtures.Run run = CliFixtures.run("train-tokenizer", "--corpus", corpus.toString(), "--type",
                "wordpiece", "--size", "30", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("tokenizer.json")));
    }

    private static void assertContainsAll(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "missing '" + part + "' in:\n" + text);
        }
    }
}
