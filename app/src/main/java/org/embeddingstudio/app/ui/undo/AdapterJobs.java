package org.embeddingstudio.app.ui.undo;

import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;

/** The undoable edits of a model's adapters: adding and deleting keep the adapter detached, never copied. */
public final class AdapterJobs {
    private AdapterJobs() {
    }

    /** Adds an adapter and makes it active. */
    public static Job add(NamedEmbeddingsModel model, String name, BottleneckConfig config) {
        return new PresenceJob<>("Add adapter '" + name + "'", () -> {
            model.addAdapter(name, config);
            model.setActiveAdapter(name);
        }, () -> detach(model, name), attached -> model.reattachAdapter(attached.adapter(), attached.wasActive()),
                true);
    }

    public static Job delete(NamedEmbeddingsModel model, String name) {
        return new PresenceJob<>("Delete adapter '" + name + "'", null, () -> detach(model, name),
                attached -> model.reattachAdapter(attached.adapter(), attached.wasActive()), false);
    }

    /** Makes {@code name} the adapter of the forward pass (null: none). */
    public static Job activate(NamedEmbeddingsModel model, String name) {
        String previous = model.adapterInfos().active();
        return new Job() {
            @Override
            public void execute() {
                model.setActiveAdapter(name);
            }

            @Override
            public void undo() {
                model.setActiveAdapter(previous.isEmpty() ? null : previous);
            }

            @Override
            public void redo() {
                execute();
            }

            @Override
            public String description() {
                return name == null ? "Deactivate adapter '" + previous + "'" : "Activate adapter '" + name + "'";
            }
        };
    }

    private static Detached detach(NamedEmbeddingsModel model, String name) {
        boolean active = name.equals(model.adapterInfos().active());
        return new Detached(model.detachAdapter(name), active);
    }

    /** A detached adapter and whether it was the active one. */
    private record Detached(BottleneckAdapter adapter, boolean wasActive) implements AutoCloseable {
        @Override
        public void close() {
            adapter.close();
        }
    }
}
