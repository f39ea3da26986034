package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubContent;
import org.embeddingstudio.core.hub.HubDownloadListener;
import org.embeddingstudio.core.hub.HubFile;
import org.embeddingstudio.core.hub.HubPlan;
import org.embeddingstudio.core.hub.HubRepoId;
import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a tokenizer the user named comes from: a file or folder on disk, or — when no such path exists and the text
 * is shaped like {@code owner/name[@revision]} — a Hugging Face Hub repository, whose tokenizer files are fetched
 * into the cache Python's {@code huggingface_hub} uses (or found there, offline).
 */
public final class TokenizerSource {
    private final HubSettings hub;

    public TokenizerSource(HubSettings hub) {
        this.hub = hub;
    }

    /** The Hub id {@code chosen} names, when it is not a path on disk but is shaped like one. */
    public static Optional<HubRepoId> hubId(Path chosen) {
        if (chosen == null || Files.exists(chosen) || chosen.isAbsolute() || chosen.toString().startsWith(".")) {
            return Optional.empty();
        }
        return HubRepoId.tryParse(chosen.toString().replace('\\', '/'));
    }

    /** A tokenizer file or folder on disk for {@code chosen}: the path itself, or the Hub snapshot's folder. */
    public Path resolve(Path chosen, ProgressSink progress, CancellationToken cancellation) throws IOException {
        Optional<HubRepoId> id = hubId(chosen);
        if (id.isEmpty()) {
            return chosen;
        }
        progress.message("Fetching the tokenizer of " + id.get() + " from the Hugging Face Hub");
        return new HubClient(hub).download(id.get(), HubContent.TOKENIZER, new HubDownloadListener() {
            private long total;
            private long finished;

            @Override
            public void planned(HubPlan plan) {
                total = plan.totalBytes();
            }

            @Override
            public void fileProgress(HubFile file, long bytesDone) {
                progress.progress(finished + bytesDone, Math.max(1, total));
            }

            @Override
            public void fileFinished(HubFile file, boolean alreadyCached) {
                finished += file.size();
                progress.progress(finished, Math.max(1, total));
            }
        }, cancellation).folder();
    }
}
