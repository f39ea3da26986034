package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

import java.util.function.Consumer;

/** Runs jobs at once on the calling thread: for view-model tests without a screen, and for headless use. */
public final class ImmediateTaskRunner implements TaskRunner {
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
