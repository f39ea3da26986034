package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Training tool window's view models on a {@link TestWorkspace}, as the app wires them, without a screen. */
final class TestTraining {
    private TestTraining() {
    }

    /** Immediate tasks; runs' checkpoints under {@code temp}/runs. */
    static TrainingViewModel open(TestWorkspace test, Path temp) {
        return new TrainingViewModel(test.workspace, new ImmediateTaskRunner(), new FxBridge(Runnable::run),
                test.dialogs, () -> temp.resolve("runs"));
    }

    /** 40 lines of the tiny model's tokens: masked-LM text every token of which "default" knows. */
    static Path corpus(Path temp) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("w" + (5 + i % 7) + " w" + (20 + i % 5) + " w30 w31 w" + (40 + i % 11) + " w50");
        }
        return Files.write(temp.resolve("corpus.txt"), lines);
    }
}
