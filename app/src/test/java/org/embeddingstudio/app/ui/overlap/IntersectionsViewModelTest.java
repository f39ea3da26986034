package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.overlap.VocabularyIntersections.Subset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntersectionsViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    @Test
    void threeVocabulariesCountTokensInExactlyEachCombination() throws Exception {
        // default: specials + w0…w93. new: specials + w0…w9 + x0…x4. candidate file: specials + x0…x9 + y0…y4.
        List<String> candidate = new ArrayList<>(TestWorkspace.vocabulary(15, "x"));
        for (int i = 0; i < 5; i++) {
            candidate.add("y" + i);
        }
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new",
                TestWorkspace.newVocabulary(temp.resolve("new.txt"), 10, 5), "default", null, OptionalLong.of(1)));
        IntersectionsViewModel intersections = new IntersectionsViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);
        intersections.addTokenizer(Files.write(temp.resolve("candidate.txt"), candidate));
        assertEquals(List.of("default", "new", "candidate.txt"), intersections.sources().stream()
                .map(IntersectionsViewModel.Source::label).toList());

        intersections.compare();

        IntersectionsViewModel.Result result = intersections.resultProperty().get();
        assertEquals(List.of(99, 20, 20), result.sizes());
        assertEquals(List.of(new Subset(List.of(0), 84), new Subset(List.of(2), 10), new Subset(List.of(0, 1), 10),
                new Subset(List.of(1, 2), 5), new Subset(List.of(0, 1, 2), 5)), result.subsets());
        assertEquals("Exact mode: 5 tokens in all 3 vocabularies; 84 only in 'default', 0 only in 'new', "
                + "10 only in 'candidate.txt'.", intersections.summaryProperty().get());
    }

    @Test
    void excludedVocabulariesAreLeftOutAndOneIsNotEnough() throws Exception {
        IntersectionsViewModel intersections = new IntersectionsViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);
        intersections.compare();
        assertEquals("Include at least two vocabularies.", intersections.summaryProperty().get());

        intersections.addTokenizer(Files.write(temp.resolve("small.txt"), TestWorkspace.vocabulary(10, "w")));
        intersections.addTokenizer(Files.write(temp.resolve("other.txt"), TestWorkspace.vocabulary(10, "z")));
        intersections.sources().get(0).includedProperty().set(false);
        intersections.compare();

        assertEquals(List.of("small.txt", "other.txt"), intersections.resultProperty().get().names());
        // Ties: fewer members first.
        assertEquals(List.of(new Subset(List.of(0), 5), new Subset(List.of(1), 5), new Subset(List.of(0, 1), 5)),
                intersections.resultProperty().get().subsets());
    }
}
