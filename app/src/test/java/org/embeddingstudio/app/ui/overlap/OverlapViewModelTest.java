package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlapViewModelTest {
    @TempDir
    Path temp;
    TestWorkspace test;

    @AfterEach
    void close() {
        test.workspace.modelProperty().get().close();
    }

    @Test
    void comparingTwoEmbeddingsCountsSharedAndOneSidedTokensAndFiltersTheTable() throws Exception {
        test = new TestWorkspace(temp);
        // The model's 99 tokens: 5 specials + w0…w93. The new vocabulary: 5 specials, w0…w9, x0…x4.
        List<String> tokens = new ArrayList<>(TestWorkspace.vocabulary(15, "w"));
        for (int i = 0; i < 5; i++) {
            tokens.add("x" + i);
        }
        Path vocab = Files.write(temp.resolve("vocab.txt"), tokens);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, null, null, OptionalLong.of(1)));
        OverlapViewModel overlap = new OverlapViewModel(test.workspace, new ImmediateTaskRunner());
        assertEquals(List.of("default", "new"), overlap.choices());
        overlap.aProperty().set("new");
        overlap.bProperty().set("default");
        overlap.compare();

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
}
