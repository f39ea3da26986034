package org.embeddingstudio.app.ui.tryit;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.fx.PausingTaskRunner;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Try It's generation on a tiny decoder while the user goes on working: the model stays free meanwhile. */
class GenerationViewModelTest {
    @TempDir
    Path temp;
    private TestWorkspace test;
    private WorkspaceViewModel workspace;

    @BeforeEach
    void openDecoderWithASecondEmbedding() throws IOException {
        test = new TestWorkspace(() -> temp);
        workspace = test.workspace;
        workspace.open(new ModelSource.Folder(TestWorkspace.tinyDecoder(temp)));
        Path tokenizer = TestWorkspace.byteLevelTokenizer(Files.createDirectories(temp.resolve("new-tokenizer")),
                "the cat sat on the mat", "die katze sass auf der matte", "der hund frass den knochen");
        workspace.addEmbeddings(new AddEmbeddingsRequest("new", tokenizer, "default", null, OptionalLong.of(3)));
        assertTrue(test.errors.isEmpty(), test.errors.toString());
    }

    @AfterEach
    void close() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        if (model != null) {
            model.close();
        }
    }

    @Test
    void spacesInTheTokensShowAsTokenizeShowsThem() {
        GenerationViewModel generation = generation(new ImmediateTaskRunner());
        generation.generate();
        List<GenerationViewModel.GeneratedToken> shown = generation.activeTokens().stream()
                .filter(GenerationViewModel.GeneratedToken::addsText).toList();
        assertTrue(shown.stream().noneMatch(t -> t.text().contains(" ")), shown.toString());
        assertTrue(shown.stream().anyMatch(t -> t.text().startsWith("␣")), "the prompt's words after the first "
                + "start with a space: " + shown);
    }

    @Test
    void theTreeAnswersWhileItGeneratesAndItKeepsToTheEmbeddingItStartedWith() throws Exception {
        GenerationViewModel reference = generation(new ImmediateTaskRunner());
        reference.generate();
        List<GenerationViewModel.GeneratedToken> expected = List.copyOf(reference.activeTokens());
        PausingTaskRunner tasks = new PausingTaskRunner();
        GenerationViewModel generation = generation(tasks);

        generation.generate();
        try {
            assertTrue(tasks.awaitPaused(), "the generation reported its first token");
            // What the UI thread does meanwhile: the tree's active toggle, and reading the embeddings and adapters
            // back. Were the model's lock held while generating, these would wait for the held job, and the bound
            // would fail them.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                workspace.setActive("default");
                workspace.modelProperty().get().embeddingInfos();
                workspace.activeAdapter();
            });
            assertFalse(tasks.ended(), "the UI's calls were answered while the generation was mid-way");
            assertEquals("default", workspace.activeEmbeddingProperty().get());
        } finally {
            tasks.finish();
        }

        assertEquals(expected, List.copyOf(generation.activeTokens()), "greedy under 'new', as it started");
        assertEquals("'new' (active)", generation.activeTitleProperty().get());
        assertEquals(List.copyOf(reference.defaultTokens()), List.copyOf(generation.defaultTokens()));
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        List<Double> progress = tasks.progress();
        assertEquals(1.0 / 12, progress.get(0), 1e-9, "the first of up to 2 × 6 tokens: " + progress);
        assertTrue(progress.stream().allMatch(fraction -> fraction > 0 && fraction <= 1), progress.toString());
    }

    private GenerationViewModel generation(TaskRunner tasks) {
        GenerationViewModel generation = new GenerationViewModel(workspace, tasks);
        generation.promptProperty().set("the cat sat on the");
        generation.maxNewTokensProperty().set("6");
        return generation;
    }
}
