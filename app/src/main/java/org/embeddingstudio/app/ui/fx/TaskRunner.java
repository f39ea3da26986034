package org.embeddingstudio.app.ui.fx;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs long work off the UI thread. Callbacks run on the UI thread; a failure is never silent: either the caller
 * takes it ({@code onFailure}) or it takes the runner's {@link #failures() route} to the user. Tests use
 * {@link ImmediateTaskRunner}, which runs everything on the calling thread.
 */
public interface TaskRunner {
    /**
     * The caller handles every end itself: for a failure the user needs to read in place (a dialog's preview or
     * message). A cancellation arrives as a {@link CancellationException}.
     *
     * @param title what the user sees, in IntelliJ's style: "Adding embedding 'si'…"
     * @return a handle to cancel the work
     */
    <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess, Consumer<Throwable> onFailure);

    /** Where failures go that a caller leaves to the runner; without an Event Log, the application log only. */
    default FailureRoute failures() {
        return FailureRoute.LOG_ONLY;
    }

    /**
     * The usual shape: a failure takes the {@link #failures() route} ("Comparing vocabularies failed: …"); a
     * cancellation is noted there as information and then {@code onCancelled} runs, e.g. to clear "Comparing…".
     */
    default <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess, Runnable onCancelled) {
        return run(title, job, onSuccess, onCancelled, () -> { });
    }

    /**
     * As {@link #run(String, BackgroundJob, Consumer, Runnable)}; {@code onFailed} runs after the route told the
     * user.
     */
    default <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess, Runnable onCancelled,
                                Runnable onFailed) {
        String doing = title.endsWith("…") ? title.substring(0, title.length() - 1) : title;
        return run(title, job, onSuccess, error -> {
            if (error instanceof CancellationException) {
                failures().cancelled(doing.substring(0, 1).toLowerCase(Locale.ROOT) + doing.substring(1));
                onCancelled.run();
            } else {
                failures().failed(doing + " failed", error);
                onFailed.run();
            }
        });
    }

    /** A submitted job, for cancelling it. */
    interface RunningTask {
        void cancel();
    }
}
