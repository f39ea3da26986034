package org.embeddingstudio.app.ui.undo;

import org.embeddingstudio.core.adapter.BottleneckAdapter;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;

/** The undoable edits of a model's adapters: adding and deleting keep the adapter detached, never copied. */
public final class AdapterJobs {
    private AdapterJobs() {
    }

    /** Adds an adapter and makes it active. */
    public static Job add(AdapterModel model, String name, BottleneckConfig config) {
        return new Toggle(model, name, "Add adapter '" + name + "'", () -> {
            model.addAdapter(name, config);
            model.setActiveAdapter(name);
        }, true);
    }

    public static Job delete(AdapterModel model, String name) {
        return new Toggle(model, name, "Delete adapter '" + name + "'", null, false);
    }

    /** An adapter present or detached; {@code present} says which state {@code execute} leads to. */
    private static final class Toggle implements Job {
        private final AdapterModel model;
        private final String name;
        private final String description;
        private final Runnable create;
        private final boolean present;
        private BottleneckAdapter detached;
        private boolean wasActive;

        Toggle(AdapterModel model, String name, String description, Runnable create, boolean present) {
            this.model = model;
            this.name = name;
            this.description = description;
            this.create = create;
            this.present = present;
        }

        @Override
        public void execute() {
            if (present) {
                create.run();
            } else {
                detach();
            }
        }

        @Override
        public void undo() {
            if (present) {
                detach();
            } else {
                attach();
            }
        }

        @Override
        public void redo() {
            if (present) {
                attach();
            } else {
                detach();
            }
        }

        private void detach() {
            wasActive = name.equals(model.adapterInfos().active());
            detached = model.detachAdapter(name);
        }

        private void attach() {
            model.reattachAdapter(detached, wasActive);
            detached = null;
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
