package org.embeddingstudio.app.ui.undo;

import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DetachedEmbedding;

/** The undoable edits of a model's embeddings. Deleting detaches (no copy), so undo gives back trained weights. */
public final class EmbeddingJobs {
    private EmbeddingJobs() {
    }

    public static Job activate(AdapterModel model, String name) {
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

    public static Job rename(AdapterModel model, String name, String newName) {
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
    public static Job delete(AdapterModel model, String name) {
        return new Detaching(model, name, "Delete embedding '" + name + "'", false);
    }

    /** Adding, recorded after the embedding was made in the background: undo detaches it, redo puts it back. */
    public static Job added(AdapterModel model, String name) {
        return new Detaching(model, name, "Add embedding '" + name + "'", true);
    }

    private static final class Detaching implements Job {
        private final AdapterModel model;
        private final String name;
        private final String description;
        private final boolean inverse;
        private DetachedEmbedding detached;

        Detaching(AdapterModel model, String name, String description, boolean inverse) {
            this.model = model;
            this.name = name;
            this.description = description;
            this.inverse = inverse;
        }

        @Override
        public void execute() {
            if (!inverse) {
                detached = model.detachEmbeddings(name);
            }
        }

        @Override
        public void undo() {
            if (inverse) {
                detached = model.detachEmbeddings(name);
            } else {
                model.reattachEmbeddings(detached);
                detached = null;
            }
        }

        @Override
        public void redo() {
            if (inverse) {
                model.reattachEmbeddings(detached);
                detached = null;
            } else {
                detached = model.detachEmbeddings(name);
            }
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void discard() {
            if (detached != null) {
                detached.close();
                detached = null;
            }
        }
    }
}
