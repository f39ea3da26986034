package org.embeddingstudio.app.ui.undo;

import org.embeddingstudio.core.model.DetachedEmbedding;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;

/** The undoable edits of a model's embeddings. Deleting detaches (no copy), so undo gives back trained weights. */
public final class EmbeddingJobs {
    private EmbeddingJobs() {
    }

    public static Job activate(NamedEmbeddingsModel model, String name) {
        String previous = model.activeEmbeddings();
        return new Job() {
            @Override
            public void execute() {
                model.setActiveEmbeddings(name);
            }

            @Override
            public void undo() {
                model.setActiveEmbeddings(previous);
            }

            @Override
            public void redo() {
                execute();
            }

            @Override
            public String description() {
                return "Activate '" + name + "'";
            }
        };
    }

    public static Job rename(NamedEmbeddingsModel model, String name, String newName) {
        return new Job() {
            @Override
            public void execute() {
                model.renameEmbeddings(name, newName);
            }

            @Override
            public void undo() {
                model.renameEmbeddings(newName, name);
            }

            @Override
            public void redo() {
                execute();
            }

            @Override
            public String description() {
                return "Rename '" + name + "' to '" + newName + "'";
            }
        };
    }

    /** Deleting: the embedding is kept detached while the job can still be undone. */
    public static Job delete(NamedEmbeddingsModel model, String name) {
        return new PresenceJob<DetachedEmbedding>("Delete embedding '" + name + "'", null,
                () -> model.detachEmbeddings(name), model::reattachEmbeddings, false);
    }

    /** Adding, recorded after the embedding was made in the background: undo detaches it, redo puts it back. */
    public static Job added(NamedEmbeddingsModel model, String name) {
        return new PresenceJob<DetachedEmbedding>("Add embedding '" + name + "'", null,
                () -> model.detachEmbeddings(name), model::reattachEmbeddings, true);
    }
}
