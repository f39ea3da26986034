package org.embeddingstudio.app.ui.undo;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes something present or absent in the model, undoably: absent means detached and kept (never copied, never
 * freed) until the job leaves the history. Adding and deleting embeddings and adapters are all this job.
 *
 * @param <T> what is detached: an embedding or an adapter
 */
final class PresenceJob<T extends AutoCloseable> implements Job {
    private final String description;
    private final Runnable create;
    private final Supplier<T> detach;
    private final Consumer<T> attach;
    private final boolean adds;
    private T detached;

    /**
     * @param create what {@code execute} does for an add (null when the thing already exists: recorded after the
     *               fact, or a delete)
     * @param adds   true for an add (execute leaves it present), false for a delete
     */
    PresenceJob(String description, Runnable create, Supplier<T> detach, Consumer<T> attach, boolean adds) {
        this.description = description;
        this.create = create;
        this.detach = detach;
        this.attach = attach;
        this.adds = adds;
    }

    @Override
    public void execute() {
        if (!adds) {
            detached = detach.get();
        } else if (create != null) {
            create.run();
        }
    }

    @Override
    public void undo() {
        toggle(!adds);
    }

    @Override
    public void redo() {
        toggle(adds);
    }

    private void toggle(boolean present) {
        if (present) {
            attach.accept(detached);
            detached = null;
        } else {
            detached = detach.get();
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void discard() {
        if (detached != null) {
            try {
                detached.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not free " + description, e);
            }
            detached = null;
        }
    }
}
