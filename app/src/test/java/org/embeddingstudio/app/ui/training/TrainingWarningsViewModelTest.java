package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.model.AdapterModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training a reference or on data of another language is said before Start, with a way out; never silent. */
class TrainingWarningsViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;
    TrainingViewModel training;
    Path corpus;

    @BeforeEach
    void open() throws Exception {
        training = TestTraining.open(test, temp);
        corpus = TestTraining.corpus(temp);
        training.form().hyperParameters().batchSize().set("4");
        training.form().hyperParameters().sequenceLength().set("16");
        training.form().hyperParameters().steps().set("3");
    }

    private void addCopiedEmbedding(String name) throws Exception {
        Path vocab = TestWorkspace.newVocabulary(temp.resolve(name + "-vocab.txt"), 60, 20);
        workspace.addEmbeddings(new AddEmbeddingsRequest(name, vocab, "default", null, OptionalLong.of(1)));
    }

    @Test
    void trainingDefaultIsSaidBeforeStartAndNotWhenOnlyTheAdapterTrains() {
        TrainingWarningsViewModel warnings = training.warnings();
        assertEquals("default", workspace.activeEmbeddingProperty().get());
        assertTrue(warnings.referenceWarningProperty().get().contains("'default' is the model's own embedding"),
                warnings.referenceWarningProperty().get());
        assertFalse(warnings.canTrainCopyBinding().get(), "no data yet: the copy could not train");
        training.data().dataFileProperty().set(corpus);
        assertTrue(warnings.canTrainCopyBinding().get());

        training.form().trainEmbeddingsProperty().set(false);
        assertEquals("", warnings.referenceWarningProperty().get(), "the embedding does not train then");
        assertFalse(warnings.canTrainCopyBinding().get());
    }

    @Test
    void anEmbeddingOthersWereCopiedFromIsNamedAsAReference() throws Exception {
        addCopiedEmbedding("si");
        addCopiedEmbedding("si-2");
        workspace.setActive("default");
        assertTrue(training.warnings().referenceWarningProperty().get().contains("'si', 'si-2' were copied from it"),
                training.warnings().referenceWarningProperty().get());
        workspace.setActive("si");
        assertEquals("", training.warnings().referenceWarningProperty().get(), "nothing was copied from 'si'");
    }

    @Test
    void trainACopyInsteadTrainsTheCopyAndLeavesTheReferenceBitIdentical() {
        training.data().dataFileProperty().set(corpus);
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        float[] before = model.read(parts -> parts.embedding("default").weight().toFloatArray());

        training.trainCopyInstead();

        assertEquals("default-trained", workspace.activeEmbeddingProperty().get(), "the copy is active");
        assertEquals(TrainingRunViewModel.State.FINISHED, training.run().stateProperty().get(),
                training.history().summaryProperty().get());
        assertArrayEquals(before, model.read(parts -> parts.embedding("default").weight().toFloatArray()),
                "the reference did not change");
        EmbeddingInfo copy = workspace.embeddings().stream().filter(e -> e.name().equals("default-trained"))
                .findFirst().orElseThrow();
        assertEquals("default", copy.origin().referenceEmbedding());
        assertTrue(copy.unsavedTraining(), "the copy trained");
        assertEquals(corpus, training.data().dataFileProperty().get(), "the copy trains on the data chosen");
        assertTrue(test.errors.isEmpty(), test.errors.toString());
    }

    @Test
    void theDataIsChosenPerEmbedding() throws Exception {
        training.data().dataFileProperty().set(corpus);
        addCopiedEmbedding("si");
        assertNull(training.data().dataFileProperty().get(), "data chosen for 'default' is not offered for 'si'");
        Path sinhala = Files.write(temp.resolve("si.txt"), List.of("x1 x2 x3 w5"));
        training.data().dataFileProperty().set(sinhala);
        workspace.setActive("default");
        assertEquals(corpus, training.data().dataFileProperty().get());
        workspace.setActive("si");
        assertEquals(sinhala, training.data().dataFileProperty().get());
    }

    @Test
    void dataTheActiveTokenizerCannotReadIsWarnedAbout() throws Exception {
        training.data().dataFileProperty().set(corpus);
        assertEquals("", training.warnings().dataWarningProperty().get(), "every word of the corpus is in 'default'");
        Path other = Files.write(temp.resolve("other.txt"), List.of("x1 x2 x3 w5", "y7 y8 w6 z9"));
        training.data().dataFileProperty().set(other);
        String warning = training.warnings().dataWarningProperty().get();
        assertTrue(warning.contains("Under the tokenizer of 'default'") && warning.contains("% unknown tokens"),
                warning);
    }
}
