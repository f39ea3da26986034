package org.embeddingstudio.app.ui.embeddings;

import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.LogEntry;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.training.run.TrainingData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zero-shot check after a decoder's embedding is added: bits per byte of a held-out text under the new
 * embedding (its own tokenizer) against "default" (the model's), in the background, the figures in the Event Log —
 * how tokensurgeon and ZeTT are judged, one click from the Add Embeddings dialog.
 */
final class ZeroShotRun {
    private ZeroShotRun() {
    }

    static void start(WorkspaceViewModel workspace, TaskRunner tasks, String embedding, Path textFile) {
        if (!(workspace.modelProperty().get() instanceof DecoderModel decoder)) {
            return;
        }
        tasks.run("Zero-shot check of '" + embedding + "' on " + textFile.getFileName() + "…",
                (progress, cancellation) -> {
                    TrainingData.requireUtf8(textFile);
                    String text = Files.readString(textFile, StandardCharsets.UTF_8);
                    return ZeroShotCheck.of(decoder, embedding, text, ZeroShotCheck.window(decoder, null),
                            cancellation);
                }, check -> workspace.eventLog().record(LogEntry.Kind.INFO, "Zero-shot check on "
                        + textFile.getFileName() + ": " + check.describe()), () -> { });
    }
}
