package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

import java.util.function.Consumer;

/** Runs jobs at once on the calling thread: for view-model tests without a screen, and for headless use. */
public final class ImmediateTaskRunner implements TaskRunner {
    private final FailureRoute failures;

    public ImmediateTaskRunner() {
        this(FailureRoute.LOG_ONLY);
    }

    /** @param failures where failures go that a caller leaves to the runner (a test's Event Log) */
    public ImmediateTaskRunner(FailureRoute failures) {
        this.failures = failures;
    }

    @Override
    public FailureRoute failures() {
        return failures;
    }

    @Override
    public <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess,
                               Consumer<Throwable> onFailure) {
        CancellationToken cancellation = new CancellationToken();
        try {
            V value = job.call(ProgressSink.NONE, cancellation);
            onSuccess.accept(value);
        } catch (Exception e) {
            onFailure.accept(e);
        }
        return cancellation::cancel;
    }
}
