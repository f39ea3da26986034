package org.embeddingstudio.app.ui.fx;

import java.util.function.Consumer;

/**
 * Runs long work off the UI thread. Callbacks run on the UI thread; a failure reaches {@code onFailure} with the
 * exception, never silently. Tests use {@link ImmediateTaskRunner}, which runs everything on the calling thread.
 */
public interface TaskRunner {
    /**
     * @param title     what the user sees, in IntelliJ's style: "Adding embedding 'si'…"
     * @return a handle to cancel the work
     */
    <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess, Consumer<Throwable> onFailure);

    /** A submitted job, for cancelling it. */
    interface RunningTask {
        void cancel();
    }
}
