package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.property.SimpleBooleanProperty;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;
    SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
    EmbeddingsViewModel embeddings;
    Path tokenizer;

    @BeforeEach
    void open() throws Exception {
        embeddings = new EmbeddingsViewModel(workspace, test.dialogs, busy);
        tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(40, "w"));
    }

    @Test
    void defaultCannotBeDeletedAndTheActionSaysWhy() {
        embeddings.selectedProperty().set(workspace.embeddings().get(0));
        assertFalse(embeddings.canChangeSelectedBinding().get());
        assertEquals(EmbeddingsViewModel.DEFAULT_IS_PERMANENT,
                embeddings.deleteDisabledReason(workspace.embeddings().get(0)));
        embeddings.deleteSelected();
        assertEquals(1, workspace.embeddings().size());
    }

    @Test
    void activatingAnEmbeddingDeactivatesThePreviousOne() {
        add("si");
        embeddings.activate(workspace.embeddings().get(0));
        assertEquals(List.of(true, false), workspace.embeddings().stream().map(EmbeddingInfo::active).toList());
        embeddings.activate(workspace.embeddings().get(1));
        assertEquals(List.of(false, true), workspace.embeddings().stream().map(EmbeddingInfo::active).toList());
    }

    @Test
    void deleteAsksFirstAndKeepsTheEmbeddingWhenTheAnswerIsNo() {
        add("si");
        embeddings.selectedProperty().set(workspace.embeddings().get(1));
        assertTrue(embeddings.canChangeSelectedBinding().get());
        test.dialogs.answerConfirm(false);
        embeddings.deleteSelected();
        assertEquals(2, workspace.embeddings().size());
        test.dialogs.answerConfirm(true);
        embeddings.deleteSelected();
        assertEquals(1, workspace.embeddings().size());
        assertEquals(null, embeddings.selectedProperty().get(), "the deleted row is no longer selected");
    }

    @Test
    void actionsWaitWhileBackgroundWorkRuns() {
        add("si");
        embeddings.selectedProperty().set(workspace.embeddings().get(1));
        busy.set(true);
        assertFalse(embeddings.canChangeSelectedBinding().get());
    }

    @Test
    void renameUsesTheAnsweredName() {
        add("si");
        embeddings.selectedProperty().set(workspace.embeddings().get(1));
        test.dialogs.answerAskText(Optional.of("sinhala"));
        embeddings.renameSelected();
        assertEquals(List.of("default", "sinhala"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList());
    }

    @Test
    void theAddDialogValidatesTheNameLiveAndPreviewsCopiedRows() {
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        assertFalse(dialog.canConfirmBinding().get());
        assertEquals("", dialog.nameErrorProperty().get(), "no error before anything is typed");
        dialog.nameProperty().set("default");
        assertTrue(dialog.nameErrorProperty().get().contains("already exists"), dialog.nameErrorProperty().get());
        dialog.nameProperty().set("../x");
        assertTrue(dialog.nameErrorProperty().get().contains("not a valid"), dialog.nameErrorProperty().get());
        dialog.nameProperty().set("si");
        assertEquals("", dialog.nameErrorProperty().get());
        assertEquals("default", dialog.referenceProperty().get(), "the active embedding is the suggested reference");
        dialog.tokenizerProperty().set(tokenizer);
        assertEquals("40 rows: 40 copied from 'default' (exact), 0 start random.", dialog.previewProperty().get());
        dialog.initProperty().set(InitStrategy.MEAN);
        assertEquals("40 rows: 40 copied from 'default' (exact), 0 start from mean.", dialog.previewProperty().get());
        dialog.normalizedProperty().set(true);
        assertTrue(dialog.previewProperty().get().contains("(normalized)"), dialog.previewProperty().get());
        dialog.referenceProperty().set(AddEmbeddingsViewModel.NO_REFERENCE);
        assertEquals("40 rows, all drawn from N(0, 0.02).", dialog.previewProperty().get());
        assertTrue(dialog.canConfirmBinding().get());
        assertEquals("32", dialog.dimensionProperty().get(), "the model's hidden size");
        dialog.dimensionProperty().set("16");
        assertTrue(dialog.dimensionErrorProperty().get().contains("no embedding projection"));
        assertFalse(dialog.canConfirmBinding().get());
        dialog.dimensionProperty().set("32");
        dialog.confirm();
        assertEquals("si", workspace.activeEmbeddingProperty().get());
    }

    @Test
    void okStaysDisabledWhileTheTokenizerCannotBeUsed() throws Exception {
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        dialog.nameProperty().set("si");
        dialog.tokenizerProperty().set(temp.resolve("no-such-vocab.txt"));
        assertFalse(dialog.canConfirmBinding().get(), dialog.previewProperty().get());
        Path broken = Files.writeString(temp.resolve("tokenizer.json"), "{ not json");
        dialog.tokenizerProperty().set(broken);
        assertTrue(dialog.previewProperty().get().startsWith("Cannot use this tokenizer"),
                dialog.previewProperty().get());
        assertFalse(dialog.canConfirmBinding().get(), "OK while the preview shows an error");
        dialog.tokenizerProperty().set(tokenizer);
        assertTrue(dialog.canConfirmBinding().get(), dialog.previewProperty().get());
    }

    @Test
    void aNameTakenAfterItWasCheckedFailsInTheDialogWhichKeepsItsInputsAndOkAddsOnceItIsChanged() {
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        dialog.nameProperty().set("si");
        dialog.tokenizerProperty().set(tokenizer);
        dialog.normalizedProperty().set(true);
        assertTrue(dialog.canConfirmBinding().get());
        add("si"); // meanwhile, by another action: the dialog checked the name as it was typed
        List<Boolean> okWhileAdding = new ArrayList<>();
        dialog.addingProperty().addListener((o, was, adding) -> {
            if (adding) {
                okWhileAdding.add(dialog.canConfirmBinding().get());
            }
        });

        dialog.confirm();

        assertEquals(List.of(false), okWhileAdding, "OK is disabled while the add runs");
        assertFalse(dialog.addingProperty().get());
        assertFalse(dialog.addedProperty().get(), "the dialog stays open");
        String failure = dialog.failureProperty().get();
        assertTrue(failure.startsWith("Could not add embedding 'si': ") && failure.contains("already exists")
                && failure.endsWith("."), failure);
        assertEquals("si", dialog.nameProperty().get());
        assertEquals(tokenizer, dialog.tokenizerProperty().get());
        assertTrue(dialog.normalizedProperty().get());
        assertEquals(List.of(), test.errors, "said in the dialog, not in a notification besides");
        assertTrue(workspace.log().stream().anyMatch(e -> e.kind() == LogEntry.Kind.ERROR
                && e.text().contains("already exists")), "and noted in the Event Log");

        dialog.nameProperty().set("sinhala");
        assertEquals("", dialog.failureProperty().get(), "an edit clears the message");
        dialog.confirm();
        assertTrue(dialog.addedProperty().get(), "added: the dialog closes");
        assertEquals("sinhala", workspace.activeEmbeddingProperty().get());
    }

    @Test
    void aTokenizerDeletedAfterThePreviewIsNamedInTheDialogsMessage() throws Exception {
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        dialog.nameProperty().set("si");
        dialog.tokenizerProperty().set(tokenizer);
        assertTrue(dialog.canConfirmBinding().get(), dialog.previewProperty().get());
        Files.delete(tokenizer);

        dialog.confirm();

        assertFalse(dialog.addedProperty().get());
        assertEquals("Could not add embedding 'si': " + tokenizer + " does not exist.", dialog.failureProperty().get());
        assertTrue(dialog.canConfirmBinding().get(), "OK can be pressed again, e.g. once the file is back");
        assertEquals(List.of("default"), workspace.embeddings().stream().map(EmbeddingInfo::name).toList());
    }

    @Test
    void ompWithADonorEmbeddingShowsItsCostAndWritesOmpRows() throws Exception {
        // The new vocabulary: 5 specials, w0…w9 (shared with "default"), x0…x4 (new). Its donor: an embedding made
        // for the same vocabulary (here random; in practice a model pre-trained with that tokenizer).
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("new-vocab.txt"), 10, 5);
        workspace.addEmbeddings(new AddEmbeddingsRequest("donor", vocab, null, null, OptionalLong.of(7)));
        workspace.setActive("default");
        AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, new ImmediateTaskRunner());
        dialog.nameProperty().set("transplant");
        dialog.tokenizerProperty().set(vocab);
        dialog.initProperty().set(InitStrategy.OMP);
        assertFalse(dialog.canConfirmBinding().get(), "OMP waits for a donor");
        assertTrue(dialog.previewProperty().get().endsWith("OMP needs a donor: an embedding made for this tokenizer."),
                dialog.previewProperty().get());

        dialog.donorProperty().set("donor");
        assertTrue(dialog.previewProperty().get().contains(
                "OMP: 5 new rows from up to 15 anchors at dimension 32 (k = 64): about under a second"),
                dialog.previewProperty().get());
        assertTrue(dialog.canConfirmBinding().get());
        dialog.confirm();

        var created = workspace.modelProperty().get().embedding("transplant");
        assertEquals(5, created.rowOriginCounts().get(RowOrigin.OMP));
        assertEquals(15, created.rowOriginCounts().get(RowOrigin.COPIED));
    }

    void add(String name) {
        workspace.addEmbeddings(new AddEmbeddingsRequest(name, tokenizer, null, null, OptionalLong.empty()));
    }
}
