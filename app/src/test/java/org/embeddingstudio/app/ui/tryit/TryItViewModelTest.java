package org.embeddingstudio.app.ui.tryit;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TryItViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    @Test
    void predictsUnderTheActiveEmbeddingAndDefaultAgainAndAgain() throws Exception {
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new",
                TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5), "default", null, OptionalLong.of(1)));
        TryItViewModel tryIt = new TryItViewModel(test.workspace, new ImmediateTaskRunner());
        tryIt.textProperty().set("w1 w2 [MASK] w3");

        for (int round = 0; round < 3; round++) {
            tryIt.predict();
            assertEquals("", tryIt.noteProperty().get().startsWith("Cannot") ? tryIt.noteProperty().get() : "");
            assertEquals(10, tryIt.activePredictions().size());
            assertEquals(10, tryIt.defaultPredictions().size());
            test.workspace.setActive(round % 2 == 0 ? "default" : "new");
        }
        assertTrue(tryIt.activePredictions().stream().allMatch(c -> c.percent() >= 0 && c.percent() <= 100));
    }

    @Test
    void sentenceSimilarityIsComparedUnderBothEmbeddings() {
        TryItViewModel tryIt = new TryItViewModel(test.workspace, new ImmediateTaskRunner());
        // The demo, without a pretrained head, opens on similarity (DemoWorkspaceTest); this model has one.
        assertEquals(TryItViewModel.Mode.FILL_MASK, tryIt.modeProperty().get());
        tryIt.firstSentenceProperty().set("w1 w2 w3");
        tryIt.secondSentenceProperty().set("w1 w2 w3");
        tryIt.compare();
        assertEquals("1.000", tryIt.activeSimilarityProperty().get(), tryIt.noteProperty().get());
        assertEquals("1.000", tryIt.defaultSimilarityProperty().get());
        tryIt.secondSentenceProperty().set("w40 w50 w60 w70");
        tryIt.compare();
        double cosine = Double.parseDouble(tryIt.activeSimilarityProperty().get());
        assertTrue(cosine < 1 && cosine > -1, "other tokens, another vector: " + cosine);
    }
}
