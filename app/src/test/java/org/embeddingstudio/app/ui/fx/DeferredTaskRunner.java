package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps submitted jobs until the test runs them, in any order: for showing that a view model does its work through
 * the task runner (nothing happens before the job runs) and that a result arriving late is handled.
 */
public final class DeferredTaskRunner implements TaskRunner {
    /** A job and its callbacks, waiting. */
    public final class Pending {
        private final String title;
        private final Runnable run;

        private Pending(String title, Runnable run) {
            this.title = title;
            this.run = run;
        }

        public String title() {
            return title;
        }

        /** Runs the job and then its callback, on the calling thread (as the FX thread would get it). */
        public void run() {
            pending.remove(this);
            run.run();
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    @Override
    public <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess,
                               Consumer<Throwable> onFailure) {
        CancellationToken cancellation = new CancellationToken();
        pending.add(new Pending(title, () -> {
            V value;
            try {
                value = job.call(ProgressSink.NONE, cancellation);
            } catch (Exception e) {
                onFailure.accept(e);
                return;
            }
            onSuccess.accept(value);
        }));
        return cancellation::cancel;
    }

    /** The jobs not run yet, oldest first. */
    public List<Pending> pending() {
        return List.copyOf(pending);
    }

    /** Runs every waiting job, oldest first (and any they submit). */
    public void runAll() {
        while (!pending.isEmpty()) {
            pending.get(0).run();
        }
    }
}
