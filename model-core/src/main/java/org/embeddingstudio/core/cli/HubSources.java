package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.hub.HubAccessDeniedException;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubContent;
import org.embeddingstudio.core.hub.HubDownloadListener;
import org.embeddingstudio.core.hub.HubFile;
import org.embeddingstudio.core.hub.HubNotFoundException;
import org.embeddingstudio.core.hub.HubOfflineException;
import org.embeddingstudio.core.hub.HubRepoId;
import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.hub.HubSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lets a model or tokenizer argument name a Hugging Face Hub model: an argument that is an existing file or folder
 * is used as it is; one that is not but is shaped like {@code owner/name[@revision]} or {@code name} is fetched
 * into the Hugging Face cache (or found there, offline) and its snapshot folder used instead.
 */
final class HubSources {
    private final HubSettings settings;

    HubSources(HubSettings settings) {
        this.settings = settings;
    }

    /** The sources of the command line that {@code spec} belongs to. */
    static HubSources of(CommandSpec spec) {
        return ((EmbeddingStudioCli) spec.root().userObject()).hubSources();
    }

    HubSettings settings() {
        return settings;
    }

    /** A model folder for {@code argument}: the path itself, or a Hub model's snapshot. */
    Path model(Path argument, PrintWriter progress) throws IOException {
        return resolve(argument, HubContent.MODEL, progress);
    }

    /** A tokenizer file or folder for {@code argument}: the path itself, or a Hub repository's tokenizer files. */
    Path tokenizer(Path argument, PrintWriter progress) throws IOException {
        return resolve(argument, HubContent.TOKENIZER, progress);
    }

    /**
     * Fetches (or finds cached) what {@code content} needs of {@code repo}, reporting transfers to
     * {@code progress}.
     */
    HubSnapshot download(HubRepoId repo, HubContent content, PrintWriter progress) throws IOException {
        return new HubClient(settings).download(repo, content, new ProgressLines(progress), CancellationToken.none());
    }

    private Path resolve(Path argument, HubContent content, PrintWriter progress) throws IOException {
        if (argument == null || Files.exists(argument)) {
            return argument;
        }
        Optional<HubRepoId> repo = hubId(argument);
        if (repo.isEmpty()) {
            return argument;
        }
        try {
            return download(repo.get(), content, progress).folder();
        } catch (HubNotFoundException | HubAccessDeniedException | HubOfflineException e) {
            throw new InputException(argument + ": no such file or folder here; as a Hugging Face Hub id: "
                    + e.getMessage());
        }
    }

    private static Optional<HubRepoId> hubId(Path argument) {
        String text = argument.toString();
        // A path the user spelled as one (./x, ../x, /x, x\y) never goes to the Hub.
        if (text.startsWith(".") || text.startsWith("/") || text.contains("\\") || argument.isAbsolute()) {
            return Optional.empty();
        }
        return HubRepoId.tryParse(text);
    }

    /** One line per file transferred on stderr, and a line per tenth of large files. */
    private static final class ProgressLines implements HubDownloadListener {
        private static final long LARGE = 10L << 20;
        private final PrintWriter out;
        private int lastTenth;

        ProgressLines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void fileStarted(HubFile file, long bytesDone) {
            lastTenth = file.size() > 0 ? (int) (10 * bytesDone / file.size()) : 0;
            out.println("downloading " + file.path() + (file.size() >= 0 ? " (" + FileSizes.format(file.size()) + ")"
                    : "") + (bytesDone > 0 ? ", resuming at " + FileSizes.format(bytesDone) : ""));
            out.flush();
        }

        @Override
        public void fileProgress(HubFile file, long bytesDone) {
            if (file.size() >= LARGE) {
                int tenth = (int) (10 * bytesDone / file.size());
                if (tenth > lastTenth && tenth < 10) {
                    lastTenth = tenth;
                    out.println("  " + file.path() + ": " + tenth * 10 + "%");
                    out.flush();
                }
            }
        }
    }
}
