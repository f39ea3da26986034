package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.testing.KilledChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a separate JVM with SIGKILL at random moments while it saves a workspace again and again into the same file.
 * After every kill the workspace opens with everything it lists (the embedding's tokenizer always matching its
 * matrix), and once it is open no temporary file is left beside it or in its folders.
 */
class KilledWorkspaceSaveTest {
    private static final int TRIALS = Integer.getInteger("killedWorkspaceSave.trials", 10);

    @TempDir
    Path root;

    @Test
    void aWorkspaceSaveKilledAtAnyMomentLeavesAWorkspaceThatOpens() throws Exception {
        Random random = new Random(Long.getLong("killedWorkspaceSave.seed", System.nanoTime()));
        Path file = root.resolve("killed.esw");
        int leftoversSeen = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            KilledChild.killAfterReady(SaveWorkspaceUntilKilled.class, random.nextInt(600), root.toString());
            leftoversSeen += hiddenFiles().size();

            List<String> problems = new ArrayList<>();
            WorkspaceViewModel opened = new WorkspaceViewModel(new ImmediateTaskRunner(), new Notifier() {
                @Override
                public void error(String title, Throwable error) {
                    problems.add(title + ": " + error.getMessage());
                }

                @Override
                public void info(String message) {
                }
            }, new FxBridge(Runnable::run), Device.cpu());
            opened.openWorkspace(file);
            assertEquals(List.of(), problems, "trial " + trial);
            try (var model = opened.modelProperty().get()) {
                EmbeddingSnapshot e = model.embedding("e");
                assertEquals(e.tokenizer().orElseThrow().vocabulary().size(), e.rows(), "trial " + trial
                        + ": tokenizer and matrix of different saves");
                assertTrue(e.rows() == 20 || e.rows() == 75, "trial " + trial + ": " + e.rows());
                assertEquals(List.of("adapter"), model.adapterInfos().names());
            }
            assertEquals(List.of(), hiddenFiles(), "trial " + trial + ": temporary files left after opening");
        }
        System.out.printf("KilledWorkspaceSaveTest: %d kills during workspace saves, 0 workspaces lost, %d temporary"
                + " files found right after the kills and cleaned up by the next open%n", TRIALS, leftoversSeen);
    }

    /** Temporary files, staged content and journals all start with a dot: beside the file and in its folders. */
    private List<Path> hiddenFiles() throws IOException {
        List<Path> hidden = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            // The killed processes' own scratch folders (their tokenizers and model copy) are not the workspace's.
            paths.filter(p -> !root.relativize(p).toString().startsWith("scratch-"))
                    .filter(p -> p.getFileName().toString().startsWith("."))
                    .forEach(hidden::add);
        }
        return hidden;
    }
}
