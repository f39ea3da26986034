package org.embeddingstudio.app.ui.workspace;

import ai.djl.ndarray.NDArray;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work is never lost by a save: everything the user can change in a workspace (every embedding, "default" included,
 * with its output bias, every adapter and head, what is active) reopens bit-identical, also after the workspace was
 * moved and a folder it was loaded from is gone.
 */
class WorkspaceTrustTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);
    final WorkspaceViewModel workspace = test.workspace;

    @Test
    void trainedDefaultEmbeddingAndHeadsReopenBitIdenticalAlsoAfterTheWorkspaceMoved() throws Exception {
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        // An embedding loaded from a folder outside the workspace.
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(30, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(3)));
        Path elsewhere = temp.resolve("elsewhere/si-folder");
        model.saveEmbeddings(elsewhere, "si", model.tokenizerOf("si").orElseThrow());
        workspace.delete("si");
        workspace.loadEmbeddings(elsewhere, "outside");
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        workspace.addAdapter("other", BottleneckConfig.seqBn());

        // Training "default" (masked LM, embeddings trained): default's weight and bias, the adapter, the MLM head.
        workspace.setActive("default");
        train(model, "news", true);
        // Training "outside" with a classification head.
        workspace.setActive("outside");
        model.addClassificationHead("sentiment", List.of("neg", "pos"));
        train(model, "news", true);
        workspace.setActiveAdapter("other");
        assertTrue(workspace.dirtyBinding().get());
        Map<String, float[]> before = parameters(model);
        assertEquals(List.of("default", "outside"), names());

        Path file = temp.resolve("project/study.esw");
        Files.createDirectories(file.getParent());
        workspace.saveWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertFalse(workspace.dirtyBinding().get());
        assertFalse(Files.readString(file).contains(temp.toString() + "/elsewhere"),
                "the embedding is kept inside the workspace, not referenced only by its outside folder");

        workspace.openWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertWhole(before);
        assertFalse(workspace.dirtyBinding().get());

        // Moved as a pair, and the folder the embedding was loaded from deleted.
        Path moved = temp.resolve("moved/study.esw");
        Files.createDirectories(moved.getParent());
        Files.move(file, moved);
        Files.move(temp.resolve("project/study.files"), temp.resolve("moved/study.files"));
        deleteTree(temp.resolve("elsewhere"));
        deleteTree(temp.resolve("project"));
        workspace.openWorkspace(moved);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertWhole(before);
    }

    @Test
    void trainingOnlyDefaultMakesTheWorkspaceDirtyUntilItIsSaved() throws Exception {
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        Path file = temp.resolve("w.esw");
        workspace.saveWorkspace(file);
        assertFalse(workspace.dirtyBinding().get());

        train(model, "news", true);
        assertTrue(workspace.embeddings().get(0).unsavedTraining(), "the tree shows 'default *'");
        assertTrue(workspace.dirtyBinding().get(), "the title and the quit prompt agree with the tree");
        workspace.saveWorkspace(file);
        assertFalse(workspace.dirtyBinding().get());
        assertFalse(workspace.embeddings().get(0).unsavedTraining(), "saved: no 'default *' any more");
    }

    @Test
    void renamedAndDeletedEmbeddingsAndTheActiveChoicesStayAsTheyWere() throws Exception {
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(30, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("a", tokenizer, "default", null, OptionalLong.of(3)));
        workspace.addEmbeddings(new AddEmbeddingsRequest("b", tokenizer, "default", null, OptionalLong.of(4)));
        Path file = temp.resolve("w.esw");
        workspace.saveWorkspace(file);
        workspace.rename("a", "renamed");
        workspace.delete("b");
        workspace.addAdapter("x", BottleneckConfig.seqBn());
        workspace.setActiveAdapter(null);
        model.addClassificationHead("topic", List.of("a", "b", "c"));
        model.setActiveHead(HeadRegistry.MASKED_LM);
        workspace.setActive("renamed");
        workspace.saveWorkspace(file);

        workspace.openWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        AdapterModel reopened = (AdapterModel) workspace.modelProperty().get();
        assertEquals(List.of("default", "renamed"), names());
        assertEquals("renamed", workspace.activeEmbeddingProperty().get());
        assertEquals(List.of("x"), reopened.adapterInfos().names());
        assertEquals("", reopened.adapterInfos().active(), "an adapter made inactive stays inactive");
        assertEquals(List.of(HeadRegistry.MASKED_LM, "topic"), List.copyOf(reopened.headNames()));
        assertEquals(HeadRegistry.MASKED_LM, reopened.activeHead());
        assertFalse(Files.exists(temp.resolve("w.files/embeddings/a")), "a renamed embedding's old folder is gone");
        assertFalse(Files.exists(temp.resolve("w.files/embeddings/b")), "a deleted embedding's folder is gone");
    }

    @Test
    void embeddingsWhoseNamesDifferOnlyInCaseGetTwoFoldersAsMacOsAndWindowsWouldMakeThemOne() throws Exception {
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(30, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("Si", tokenizer, "default", null, OptionalLong.of(3)));
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(4)));
        Map<String, float[]> before = parameters((AdapterModel) workspace.modelProperty().get());
        Path file = temp.resolve("w.esw");
        workspace.saveWorkspace(file);
        try (Stream<Path> folders = Files.list(temp.resolve("w.files/embeddings"))) {
            assertEquals(3, folders.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
                    .distinct().count(), "default, Si and si in three folders, whatever the case");
        }
        workspace.openWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertWhole(before);
    }

    @Test
    void aWorkspaceOfTheFirstFormatStillOpens() throws Exception {
        AdapterModel model = (AdapterModel) workspace.modelProperty().get();
        Path tokenizer = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(30, "w"));
        workspace.addEmbeddings(new AddEmbeddingsRequest("si", tokenizer, "default", null, OptionalLong.of(3)));
        float[] matrix = model.read(p -> p.embedding("si").weight().toFloatArray());
        model.saveEmbeddings(temp.resolve("old.files/embeddings/si"), "si",
                model.tokenizerOf("si").orElseThrow());
        workspace.addAdapter("news", BottleneckConfig.seqBn());
        model.saveAdapter(temp.resolve("old.files/adapters/news"), "news", false);
        Path file = Files.writeString(temp.resolve("old.esw"), "{\"format\": \"embedding-studio/workspace\", "
                + "\"version\": 1, \"model\": {\"kind\": \"folder\", \"path\": \"" + test.model + "\", \"name\": "
                + "\"tiny-bert\"}, \"embeddings\": [{\"name\": \"si\", \"folder\": \"old.files/embeddings/si\"}], "
                + "\"active\": \"si\", \"adapters\": [{\"name\": \"news\", \"folder\": \"old.files/adapters/news\"}], "
                + "\"active_adapter\": \"news\"}");
        workspace.openWorkspace(file);
        assertTrue(test.errors.isEmpty(), test.errors.toString());
        assertEquals(List.of("default", "si"), names());
        assertEquals("si", workspace.activeEmbeddingProperty().get());
        assertEquals("news", workspace.modelProperty().get().adapterInfos().active());
        assertArrayEquals(matrix, workspace.modelProperty().get().readEmbedding("si", e -> e.weight().toFloatArray()));
    }

    /** What an optimizer does: every trainable parameter changed in place; embedding rows marked as trained. */
    static void train(AdapterModel model, String adapter, boolean embeddings) {
        var setup = model.trainAdapter(adapter, embeddings);
        model.trainableParameters().values().forEach(p -> {
            NDArray step = p.getManager().randomNormal(0, 0.01f, p.getShape(), p.getDataType());
            p.addi(step);
            step.close();
        });
        if (embeddings) {
            boolean[] changed = new boolean[model.embedding(setup.embedding()).rows()];
            Arrays.fill(changed, true);
            model.markTrained(setup.embedding(), changed);
        }
    }

    /** Every parameter the user can change, by a name unique in the workspace, as raw bits. */
    static Map<String, float[]> parameters(AdapterModel model) {
        Map<String, float[]> all = new LinkedHashMap<>();
        for (String name : model.embeddingNames()) {
            all.put("embedding " + name + " weight", model.read(p -> p.embedding(name).weight().toFloatArray()));
            all.put("embedding " + name + " output_bias",
                    model.read(p -> p.embedding(name).outputBias().toFloatArray()));
        }
        model.read(p -> {
            for (String name : model.adapterInfos().names()) {
                p.adapter(name).parameters().forEach((k, v) -> all.put("adapter " + name + " " + k, v.toFloatArray()));
            }
            for (String name : model.headNames()) {
                Map<String, NDArray> parameters = name.equals(HeadRegistry.MASKED_LM) ? p.maskedLmHead().parameters()
                        : p.classificationHead(name).orElseThrow().parameters();
                parameters.forEach((k, v) -> all.put("head " + name + " " + k, v.toFloatArray()));
            }
            return null;
        });
        all.put("active", new float[]{model.activeEmbeddings().hashCode(), model.adapterInfos().active().hashCode(),
                model.activeHead().hashCode()});
        return all;
    }

    private void assertWhole(Map<String, float[]> before) {
        Map<String, float[]> after = parameters((AdapterModel) workspace.modelProperty().get());
        assertEquals(before.keySet(), after.keySet());
        before.forEach((key, value) -> assertArrayEquals(bits(value), bits(after.get(key)), key + " differs"));
        assertFalse(workspace.embeddings().stream().anyMatch(EmbeddingInfo::unsavedTraining),
                "nothing shows as unsaved right after opening");
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private List<String> names() {
        return workspace.embeddings().stream().map(EmbeddingInfo::name).toList();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
