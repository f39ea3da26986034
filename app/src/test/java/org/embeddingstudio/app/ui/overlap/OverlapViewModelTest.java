package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.app.ui.fx.CancellingTaskRunner;
import org.embeddingstudio.app.ui.fx.FontCoverageTest;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlapViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    /**
     * The model's 99 tokens: 5 specials + w0…w93. The new vocabulary "new": 5 specials, w0…w9, x0…x4, initialised
     * from "default"; the tab compares "new" (A) with "default" (B).
     */
    private OverlapViewModel compareNewWithDefault() throws Exception {
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        assertEquals(List.of("default", "new"), overlap.choices());
        overlap.aProperty().set("new");
        overlap.bProperty().set("default");
        overlap.compare();
        return overlap;
    }

    @Test
    void theChoicesFollowTheModelAndTheTitleNamesThePairShown() throws Exception {
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        assertEquals(List.of("default"), overlap.choices());

        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        assertEquals(List.of("default", "new"), overlap.choices(), "an embedding added after the tab opened");
        overlap.aProperty().set("new");
        assertEquals("new ↔ default", overlap.titleProperty().get());
        assertTrue(overlap.compares("new", "default"));

        test.workspace.delete("new");
        assertEquals(List.of("default"), overlap.choices());
        assertEquals(null, overlap.aProperty().get(), "a deleted embedding leaves the selection");
        assertEquals("Overlap", overlap.titleProperty().get());
    }

    @Test
    void changingThePairOrTheModeAfterACompareRecomputesTheFigures() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();
        assertEquals(new OverlapViewModel.Counts(20, 99, 15, 5, 84, 0), overlap.countsProperty().get());

        overlap.bProperty().set("new");
        assertEquals(new OverlapViewModel.Counts(20, 20, 20, 0, 0, 0), overlap.countsProperty().get(),
                "the figures shown belong to the pair selected, without pressing Compare");
        overlap.normalizedProperty().set(true);
        assertTrue(overlap.summaryProperty().get().startsWith("Normalized mode"), overlap.summaryProperty().get());
    }

    @Test
    void theSummaryGivesTheSharedCountBothWaysAndHowEachSideSplitsNumbers() throws Exception {
        Path digits = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("digits")),
                "in 2024 and 1999 the 31415 sat on 926 mats", "the 535 cats ate 8979 bones");
        Path words = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("words")),
                "the cat sat on the mat", "the dog ate the bone");
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("digits", digits, null, null, OptionalLong.of(1)));
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("words", words, null, null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        overlap.aProperty().set("digits");
        overlap.bProperty().set("words");
        overlap.compare();

        String summary = overlap.summaryProperty().get();
        int exact = overlap.countsProperty().get().shared();
        Matcher both = Pattern.compile("Shared both ways: ([\\d,]+) by identical string \\(as adapters copies\\), "
                + "([\\d,]+) byte-normalised").matcher(summary);
        assertTrue(both.find(), summary);
        assertEquals(exact, Integer.parseInt(both.group(1).replace(",", "")), "the exact figure is the mode's own");
        assertTrue(Integer.parseInt(both.group(2).replace(",", "")) >= exact, summary);
        assertTrue(summary.contains("Numbers in 'digits': 31415926535 → "), summary);
        assertTrue(summary.contains("They split numbers differently"), summary);

        overlap.bProperty().set("digits");
        overlap.compare();
        String itself = overlap.summaryProperty().get();
        assertTrue(itself.contains("Numbers in 'digits': 31415926535 → "), itself);
        assertEquals(1, itself.split("Numbers in", -1).length - 1, "one line for an embedding compared with itself: "
                + itself);
        assertFalse(itself.contains("differently"), itself);
    }

    @Test
    void comparingTwoEmbeddingsCountsSharedAndOneSidedTokensAndFiltersTheTable() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();

        assertEquals(new OverlapViewModel.Counts(20, 99, 15, 5, 84, 0), overlap.countsProperty().get());
        assertTrue(overlap.summaryProperty().get().startsWith("Exact mode: 15 shared"),
                overlap.summaryProperty().get());
        assertEquals(20 + 84, overlap.visibleRows().size());
        overlap.filterProperty().set(OverlapViewModel.Filter.ONLY_A);
        assertEquals(List.of("x0", "x1", "x2", "x3", "x4"),
                overlap.visibleRows().stream().map(OverlapViewModel.Row::tokenA).toList());
        overlap.filterProperty().set(OverlapViewModel.Filter.SHARED);
        overlap.searchProperty().set("/^w[0-3]$/");
        assertEquals(4, overlap.visibleRows().size());
        assertTrue(overlap.visibleRows().stream().allMatch(r -> r.match().equals("exact")));
    }

    @Test
    void breakdownBarsCountCopiedTokensPerClassAndScript() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();
        assertEquals(List.of(new BreakdownBar("Word initial", 15, 10),
                        new BreakdownBar("Special", 5, 5)),
                List.copyOf(overlap.classBars()));
        assertEquals(20, overlap.scriptBars().stream().mapToInt(BreakdownBar::tokens).sum());
        assertEquals(15, overlap.scriptBars().stream().mapToInt(BreakdownBar::copied).sum());
    }

    @Test
    void coverageOfACorpusCountsCopiedOccurrencesAndListsFrequentRandomTokens() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();
        // 6 words. Under "new": w0 w1 w2 copied, x0 x0 random, zz -> [UNK] (copied special): 4 of 6 copied.
        // Under "default": x0, x0 and zz are unknown: 3 of 6.
        overlap.corpusProperty().set(Files.writeString(temp.resolve("corpus.txt"), "w0 w1 x0\nx0 w2 zz\n"));
        overlap.measureCoverage();

        String coverage = overlap.coverageProperty().get();
        assertTrue(coverage.contains("6 words (exact mode)"), coverage);
        // 16 characters ("w0 w1 x0" and "x0 w2 zz"), 6 tokens: 375 per 1 000 characters, 2.7 bytes per token
        assertTrue(coverage.contains("'default': 1.00 tokens per word, 375 per 1 000 characters, 2.7 bytes per token, "
                + "[UNK] 50.00 %"), coverage);
        assertTrue(coverage.contains("66.7 % of 'new''s 6 token occurrences start from a copied row"), coverage);
        assertEquals("x0", overlap.mostFrequentRandom().get(0).token());
        assertEquals(2, overlap.mostFrequentRandom().get(0).count());
        // The table can now sort by corpus frequency: A's counts, or B's for tokens only in B.
        overlap.searchProperty().set("/^(x0|w1|w50)$/");
        assertEquals(List.of("x0=2", "w1=1", "w50=0"), overlap.visibleRows().stream()
                .map(r -> (r.idA() >= 0 ? r.tokenA() : r.tokenB()) + "=" + r.corpusCount())
                .sorted(Comparator.comparing((String t) -> -Long.parseLong(t.substring(t.indexOf('=') + 1))))
                .toList());

        // The export keeps what the table shows, the corpus counts included.
        Path csv = temp.resolve("counted.csv");
        test.dialogs.answerChooseFileToSave(Optional.of(csv));
        overlap.exportCsv();
        assertTrue(Files.readAllLines(csv).contains("x0,15,,,,2,x0,"), String.join("\n", Files.readAllLines(csv)));
    }

    @Test
    void inspectorShowsIdsMatchNormsAndNeighboursOnBothSides() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();
        overlap.searchProperty().set("/^w3$/");
        overlap.inspect(overlap.visibleRows().get(0));

        String text = overlap.inspectionProperty().get();
        assertTrue(text.contains("'new': token 'w3', id 8, row copied, norm "), text);
        assertTrue(text.contains("Matched exact"), text);
        assertTrue(text.contains("'default': token 'w3', id 8, row pretrained, norm "), text);
        String nearestInNew = text.lines().filter(l -> l.startsWith("Nearest:")).findFirst().orElseThrow();
        assertEquals(OverlapViewModel.NEIGHBOURS, nearestInNew.split("\\(").length - 1, nearestInNew);
    }

    /**
     * A vocab.txt that repeats "x0" leaves id 15 without a token (transformers keeps the later line): the table keeps
     * a row for it, named as such, and no id shifts; the inspector and the CSV show it too.
     */
    @Test
    void anIdWithoutATokenKeepsItsRowNamedAsSuchAndNoIdShifts() throws Exception {
        List<String> tokens = new ArrayList<>(TestWorkspace.vocabulary(15, "w"));
        tokens.addAll(List.of("x0", "x1", "x0", "x2"));
        Path vocab = Files.write(temp.resolve("vocab.txt"), tokens);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        overlap.aProperty().set("new");
        overlap.bProperty().set("default");
        overlap.compare();

        overlap.filterProperty().set(OverlapViewModel.Filter.ONLY_A);
        assertEquals(List.of(new OverlapViewModel.Row("\u27e8no token: id 15\u27e9", 15, "", -1, ""),
                        new OverlapViewModel.Row("x1", 16, "", -1, ""), new OverlapViewModel.Row("x0", 17, "", -1, ""),
                        new OverlapViewModel.Row("x2", 18, "", -1, "")),
                overlap.visibleRows().stream().map(r -> new OverlapViewModel.Row(r.tokenA(), r.idA(), r.tokenB(),
                        r.idB(), r.match())).toList());

        overlap.inspect(overlap.visibleRows().get(0));
        String text = overlap.inspectionProperty().get();
        assertTrue(text.contains("'new': token '\u27e8no token: id 15\u27e9', id 15, row random, norm "), text);

        Path csv = temp.resolve("only-new.csv");
        test.dialogs.answerChooseFileToSave(Optional.of(csv));
        overlap.exportCsv();
        assertEquals("\u27e8no token: id 15\u27e9,15,,,,,\u27e8no token: id 15\u27e9,", Files.readAllLines(csv).get(1));
    }

    @Test
    void byteLevelTokensAreShownAndFoundAsTextAndExportedRawAndReadable() throws Exception {
        Path folder = TestWorkspace.byteLevelTokenizer(temp.resolve("bytes"), "für die Forscher", "für alle");
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("bytes", folder, "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        overlap.aProperty().set("bytes");
        overlap.bProperty().set("default");
        overlap.compare();

        overlap.searchProperty().set("ü"); // as the user reads it: the vocabulary spells it Ã¼

        List<OverlapViewModel.Row> found = overlap.visibleRows().stream().filter(r -> r.readableA().contains("ü"))
                .toList();
        assertTrue(!found.isEmpty(), "found by its text");
        for (OverlapViewModel.Row row : found) {
            assertTrue(row.tokenA().contains("Ã¼"), row.toString());
            assertEquals(row.readableA(), ReadableToken.of(row.tokenA(), bytesConventions()));
        }
        // The byte-alphabet symbol ü (byte fc) is found by its raw form, and reads as the lone byte it is.
        assertTrue(overlap.visibleRows().stream().anyMatch(r -> r.tokenA().equals("ü")
                && r.readableA().equals("⟨fc⟩")));
        overlap.searchProperty().set("Ã¼");
        OverlapViewModel.Row first = overlap.visibleRows().get(0);
        Path csv = temp.resolve("bytes.csv");
        test.dialogs.answerChooseFileToSave(Optional.of(csv));
        overlap.exportCsv();
        assertEquals(first.tokenA() + "," + first.idA() + ",,,,," + first.readableA() + ",",
                Files.readAllLines(csv).get(1), "raw first, readable in a column of its own");
    }

    private SubwordConventions bytesConventions() {
        return test.workspace.modelProperty().get().tokenizerOf("bytes").orElseThrow().vocabulary().conventions();
    }

    @Test
    void theModeDefaultsToTheOneTheEmbeddingWasBuiltWith() throws Exception {
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("normalized", vocab, "default", null,
                OptionalLong.of(1), OptionalInt.empty(), true, InitStrategy.RANDOM, null));
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("exact", vocab, "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        overlap.bProperty().set("default");

        overlap.aProperty().set("normalized");
        assertTrue(overlap.normalizedProperty().get(), "built matching normalized: compared the same way");
        overlap.compare();
        overlap.corpusProperty().set(Files.writeString(temp.resolve("corpus.txt"), "w0 x0\n"));
        overlap.measureCoverage();
        assertTrue(overlap.coverageProperty().get().contains("2 words (normalized mode)"),
                overlap.coverageProperty().get());

        overlap.aProperty().set("exact");
        assertEquals(false, overlap.normalizedProperty().get());
        overlap.aProperty().set("default");
        assertEquals(false, overlap.normalizedProperty().get(), "not built from a reference: the mode stays");
    }

    @Test
    void aVocabularyInAScriptNoInstalledFontDrawsSaysWhichFontToInstall() throws Exception {
        Path vocab = Files.writeString(temp.resolve("si.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nලංකා\nw1\n");
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("si", vocab, "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs,
                FontCoverageTest.WITHOUT_SINHALA);
        overlap.aProperty().set("si");
        overlap.bProperty().set("default");

        overlap.compare();

        assertTrue(overlap.summaryProperty().get().contains("Sinhala text shows as boxes"),
                overlap.summaryProperty().get());
    }

    @Test
    void exportWritesTheFilteredRowsAsCsv() throws Exception {
        OverlapViewModel overlap = compareNewWithDefault();
        overlap.filterProperty().set(OverlapViewModel.Filter.ONLY_A);
        Path csv = temp.resolve("only-new.csv");
        test.dialogs.answerChooseFileToSave(Optional.of(csv));
        overlap.exportCsv();

        assertEquals(List.of("new-vs-default-tokens.csv"), test.dialogs.suggestedNames());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("token_a,id_a,token_b,id_b,matched,corpus_count,readable_a,readable_b", lines.get(0));
        assertEquals(List.of("x0,15,,,,,x0,", "x1,16,,,,,x1,", "x2,17,,,,,x2,", "x3,18,,,,,x3,", "x4,19,,,,,x4,"),
                lines.subList(1, lines.size()));
        assertEquals("\"a,\"\"b\"\"\"", TokenTable.csvField("a,\"b\""));
    }

    @Test
    void largeTablesAreFilteredTheSameWayInTheBackground() throws Exception {
        int size = TokenTable.FILTER_ON_UI_THREAD + 5_000;
        Path vocab = Files.write(temp.resolve("big.txt"), TestWorkspace.vocabulary(size, "w"));
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("big", vocab, null, null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner(), test.dialogs);
        overlap.aProperty().set("big");
        overlap.bProperty().set("default");
        overlap.compare();
        assertEquals(size, overlap.visibleRows().size(), "every token of 'big' (all of 'default' is in it)");

        overlap.searchProperty().set("/^w2498[0-9]$/");

        assertEquals(List.of("w24980", "w24981", "w24982", "w24983", "w24984", "w24985", "w24986", "w24987", "w24988",
                "w24989"), overlap.visibleRows().stream().map(OverlapViewModel.Row::tokenA).toList());
        overlap.filterProperty().set(OverlapViewModel.Filter.SHARED);
        assertEquals(List.of(), overlap.visibleRows(), "'default' stops at w93");
    }

    @Test
    void aCancelledCoverageLeavesTheTableAndFiguresAsTheyWere() throws Exception {
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new",
                TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5), "default", null, OptionalLong.of(1)));
        var tasks = new CancellingTaskRunner();
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, tasks, test.dialogs);
        overlap.aProperty().set("new");
        overlap.bProperty().set("default");
        overlap.compare();
        List<OverlapViewModel.Row> before = List.copyOf(overlap.visibleRows());

        tasks.cancelEveryJob = true;
        overlap.corpusProperty().set(Files.writeString(temp.resolve("corpus.txt"), "w0 w1 x0\n"));
        overlap.measureCoverage();

        assertEquals("Measuring corpus.txt was cancelled.", overlap.coverageProperty().get());
        assertEquals(before, List.copyOf(overlap.visibleRows()), "no corpus counts");
        assertTrue(overlap.mostFrequentRandom().isEmpty());
    }

    @Test
    void aFailedMeasurementIsToldInTheEventLogAndAsANotification() throws Exception {
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new",
                TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5), "default", null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace,
                new ImmediateTaskRunner(test.workspace.eventLog()), test.dialogs);
        overlap.aProperty().set("new");
        overlap.bProperty().set("default");
        overlap.compare();

        Path missing = temp.resolve("missing.txt");
        overlap.corpusProperty().set(missing);
        overlap.measureCoverage();

        LogEntry last = test.workspace.log().get(test.workspace.log().size() - 1);
        assertEquals(LogEntry.Kind.ERROR, last.kind());
        assertTrue(last.text().startsWith("Measuring corpus coverage failed: ") && last.text().contains("missing.txt"),
                last.text());
        assertEquals(List.of(last.text()), test.errors, "one notification, with the same words");
        assertEquals("Measuring missing.txt failed: the Event Log says why.", overlap.coverageProperty().get());
    }
}
