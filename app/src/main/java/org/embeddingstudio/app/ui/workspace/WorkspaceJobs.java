package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import org.embeddingstudio.app.ui.fx.ProgressSink;
import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.AddEmbeddingsSettings;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The background halves of {@link WorkspaceViewModel}'s long operations: plain work on a worker thread that
 * touches no FX state; the view model hands each to its task runner and applies the result on the UI thread.
 */
final class WorkspaceJobs {
    /** A workspace file's model with its embeddings and adapters loaded, and where the model came from. */
    record OpenedWorkspace(NamedEmbeddingsModel model, ModelSource source) {
    }

    private WorkspaceJobs() {
    }

    static NamedEmbeddingsModel openModel(ModelSource source, Device device, ProgressSink progress,
                                  CancellationToken cancellation) throws IOException {
        NamedEmbeddingsModel loaded = source.load(device, progress);
        if (cancellation.isCancelled()) {
            // Cancelled while loading: the model open before stays, exactly as it was.
            loaded.close();
            throw cancelled("opening model " + source.label());
        }
        return loaded;
    }

    static OpenedWorkspace openWorkspace(Path file, Device device, ProgressSink progress,
                                         CancellationToken cancellation) throws IOException {
        WorkspaceFile.Contents contents = WorkspaceFile.read(file);
        NamedEmbeddingsModel loaded = contents.model().load(device, progress);
        try {
            for (WorkspaceFile.SavedHead head : contents.heads()) {
                progress.message("Loading head '" + head.name() + "'");
                headsOf(loaded, file).loadHead(head.folder(), head.fresh());
            }
            Set<String> listed = new HashSet<>();
            for (WorkspaceFile.SavedEmbedding embedding : contents.embeddings()) {
                progress.message("Loading embedding '" + embedding.name() + "'");
                listed.add(embedding.name());
                if (loaded.hasEmbeddings(embedding.name())) {
                    // "default", or one the model source made (the demo's "german"): the saved state replaces it.
                    loaded.restoreEmbeddings(embedding.folder(), embedding.name());
                } else {
                    loaded.loadEmbeddings(embedding.folder(), embedding.name());
                }
            }
            // Since version 2 a file lists every embedding, so one the model source made (the demo's "german") and
            // the file does not list was deleted before the save. A version 1 file listed only the added ones.
            for (String name : List.copyOf(loaded.embeddingNames())) {
                if (contents.listsEveryEmbedding() && !EmbeddingRegistry.DEFAULT.equals(name)
                        && !listed.contains(name)) {
                    loaded.deleteEmbeddings(name);
                }
            }
            loaded.setActiveEmbeddings(contents.active());
            for (WorkspaceFile.SavedEmbedding adapter : contents.adapters()) {
                loaded.loadAdapter(adapter.folder(), adapter.name());
            }
            if (!contents.activeAdapter().isEmpty()) {
                loaded.setActiveAdapter(contents.activeAdapter());
            }
            if (!contents.activeHead().isEmpty()) {
                headsOf(loaded, file).setActiveHead(contents.activeHead());
            }
            if (cancellation.isCancelled()) {
                throw cancelled("opening workspace " + file);
            }
            return new OpenedWorkspace(loaded, contents.model());
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** The model as one with prediction heads, which a workspace file lists only for a BERT-family model. */
    private static AdapterModel headsOf(NamedEmbeddingsModel model, Path file) throws FileFormatException {
        if (model instanceof AdapterModel bert) {
            return bert;
        }
        throw new FileFormatException(file, "lists prediction heads, but its model (" + model.modelType()
                + ") is a causal LM, whose head is its embeddings' output side");
    }

    /**
     * Reads the tokenizers (fetched from the Hugging Face Hub first when given by id), then draws and copies the
     * rows; a cancel while the rows were drawn removes the embedding again.
     */
    static EmbeddingInitializer.Created addEmbeddings(NamedEmbeddingsModel current, TokenizerSource source,
                                                      AddEmbeddingsRequest request, ProgressSink progress,
                                                      CancellationToken cancellation) throws IOException {
        Path tokenizerPath = source.resolve(request.tokenizer(), progress, cancellation);
        progress.message("Reading tokenizer " + tokenizerPath);
        Tokenizer tokenizer = TokenizerLoader.load(tokenizerPath);
        Tokenizer referenceTokenizer = null;
        if (request.reference() != null) {
            referenceTokenizer = request.referenceTokenizer() != null
                    ? TokenizerLoader.load(source.resolve(request.referenceTokenizer(), progress, cancellation))
                    : current.tokenizerOf(request.reference()).orElseThrow(() ->
                    new IllegalArgumentException("the embedding '" + request.reference()
                            + "' has no tokenizer; choose its tokenizer file"));
        }
        progress.message("Drawing and copying rows");
        DonorEmbedding donor = request.donor() == null ? null
                : current.donorEmbedding(request.donor(), "'" + request.donor() + "'");
        EmbeddingOptions options = new AddEmbeddingsSettings(request.init(), request.normalized(), donor,
                request.dimension(), request.seed()).options(tokenizer, referenceTokenizer);
        options = options.withProgress((done, total) -> progress.progress(done, total), cancellation);
        if (cancellation.isCancelled()) {
            throw cancelled("adding embedding '" + request.name() + "'");
        }
        String activeBefore = current.activeEmbeddings();
        EmbeddingInitializer.Created created = current.addEmbeddings(request.name(), tokenizer,
                request.reference(), referenceTokenizer, options);
        if (cancellation.isCancelled()) {
            // Cancelled while the rows were drawn (random, FVT and mean do not stop midway; OMP does): undone,
            // so the model is as it was before.
            current.deleteEmbeddings(request.name());
            current.setActiveEmbeddings(activeBefore);
            throw cancelled("adding embedding '" + request.name() + "'");
        }
        return created;
    }

    /**
     * Adds {@code name} as a copy of {@code source}: its tokenizer, every row copied from it (as adapters'
     * add_embeddings with the source as its own reference), and active.
     */
    static EmbeddingInitializer.Created copyEmbeddings(NamedEmbeddingsModel current, String source, String name) {
        return current.copyEmbeddings(source, name);
    }

    /** What a job throws when the user cancelled it: the view model reports it as information, not an error. */
    static CancellationException cancelled(String what) {
        return new CancellationException(what);
    }
}
