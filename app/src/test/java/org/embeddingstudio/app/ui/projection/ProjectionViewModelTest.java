package org.embeddingstudio.app.ui.projection;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    /** "new": 5 specials and w0…w9 copied from "default", x0…x4 random; it is active. */
    private void addNew() throws Exception {
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
    }

    @Test
    void projectsEveryRowOfASmallEmbeddingWithTokensAndOrigins() throws Exception {
        addNew();
        ProjectionViewModel projection = new ProjectionViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);
        assertEquals("new", projection.embeddingProperty().get(), "starts on the active embedding");

        projection.project();

        ProjectionViewModel.Projection result = projection.projectionProperty().get();
        assertEquals(20, result.points().size(), "fewer rows than the sample: all of them");
        assertEquals(15, result.points().stream().filter(p -> p.origin() == RowOrigin.COPIED).count());
        assertEquals(List.of("x0", "x1", "x2", "x3", "x4"), result.points().stream()
                .filter(p -> p.origin() == RowOrigin.RANDOM).map(ProjectionViewModel.Point::token).toList());
        assertTrue(result.firstShare() >= result.secondShare()
                        && result.firstShare() + result.secondShare() <= 1 + 1e-9,
                result.firstShare() + " " + result.secondShare());
        assertTrue(projection.summaryProperty().get().startsWith("PCA of 20 of 20 rows of 'new'"),
                projection.summaryProperty().get());
    }

    /** A vocab.txt that repeats "x0" leaves id 15 without a token; its row is still projected, named as such. */
    @Test
    void aRowWithoutATokenIsProjectedNamedAsSuch() throws Exception {
        List<String> tokens = new ArrayList<>(TestWorkspace.vocabulary(15, "w"));
        tokens.addAll(List.of("x0", "x1", "x0"));
        Path vocab = Files.write(temp.resolve("vocab.txt"), tokens);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        ProjectionViewModel projection = new ProjectionViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);

        projection.project();

        assertEquals(List.of("\u27e8no token: id 15\u27e9", "x1", "x0"), projection.projectionProperty().get().points()
                .stream().filter(p -> p.origin() == RowOrigin.RANDOM).map(ProjectionViewModel.Point::token).toList());
    }

    @Test
    void aSampleProjectsThatManyRowsTheSameWayEachTime() throws Exception {
        ProjectionViewModel projection = new ProjectionViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);
        projection.sampleSizeProperty().set(30);
        projection.project();
        ProjectionViewModel.Projection first = projection.projectionProperty().get();
        projection.project();

        assertEquals(30, first.points().size());
        assertEquals(first, projection.projectionProperty().get());
    }

    @Test
    void exportWritesEmbeddingProjectorFilesWithProvenance() throws Exception {
        addNew();
        ProjectionViewModel projection = new ProjectionViewModel(test.workspace, new ImmediateTaskRunner(),
                test.dialogs);
        test.dialogs.answerChooseFolder(Optional.of(temp.resolve("projector")));

        projection.exportProjector();

        List<String> metadata = Files.readAllLines(temp.resolve("projector/metadata.tsv"));
        assertEquals(List.of("token\tprovenance", "[PAD]\tcopied"), metadata.subList(0, 2));
        assertEquals("x4\trandom", metadata.get(20));
        List<String> tensor = Files.readAllLines(temp.resolve("projector/tensor.tsv"));
        assertEquals(20, tensor.size());
        assertEquals(test.workspace.modelProperty().get().embedding("new").dimension(),
                tensor.get(0).split("\t").length);
    }
}
