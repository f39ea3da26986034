package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.testing.KilledChild;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process {@link KilledWorkspaceSaveTest} kills: on the tiny model, it replaces the embedding "e" (small and
 * large vocabularies in turn, so consecutive saves differ) and saves the workspace, without end. "ready" on stdout
 * says a complete workspace is on disk.
 */
public final class SaveWorkspaceUntilKilled {
    private SaveWorkspaceUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path workspaceFile = root.resolve("killed.esw");
        Path scratch = root.resolve("scratch-" + ProcessHandle.current().pid());
        TestWorkspace test = TestWorkspace.openIn(scratch);
        Path small = TestWorkspace.newVocabulary(scratch.resolve("small.txt"), 10, 5);
        Path large = TestWorkspace.newVocabulary(scratch.resolve("large.txt"), 40, 30);
        AdapterModel model = (AdapterModel) test.workspace.modelProperty().get();
        test.workspace.addAdapter("adapter", BottleneckConfig.seqBn());
        for (long i = 0; ; i++) {
            if (model.hasEmbeddings("e")) {
                model.deleteEmbeddings("e");
            }
            test.workspace.addEmbeddings(new AddEmbeddingsRequest("e", i % 2 == 0 ? small : large, "default", null,
                    OptionalLong.of(i)));
            WorkspaceFile.save(workspaceFile, new ModelSource.Folder(test.model), model, CancellationToken.none());
            if (i == 0) {
                KilledChild.sayReady();
            }
        }
    }
}
