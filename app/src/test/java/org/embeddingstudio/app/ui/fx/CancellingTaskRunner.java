package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

import java.util.function.Consumer;

/**
 * Runs jobs at once on the calling thread, like {@link ImmediateTaskRunner}, and lets a test press Cancel while a
 * job runs: {@link #cancelRunning()} from inside the job (e.g. from a listener it triggers), or every job cancelled
 * from its start ({@link #cancelEveryJob}).
 */
public final class CancellingTaskRunner implements TaskRunner {
    private CancellationToken running;
    public boolean cancelEveryJob;

    @Override
    public <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess,
                               Consumer<Throwable> onFailure) {
        CancellationToken cancellation = new CancellationToken();
        running = cancellation;
        if (cancelEveryJob) {
            cancellation.cancel();
        }
        try {
            V value = job.call(ProgressSink.NONE, cancellation);
            onSuccess.accept(value);
        } catch (Exception e) {
            onFailure.accept(e);
        } finally {
            running = null;
        }
        return cancellation::cancel;
    }

    /** Cancels the job that is running now, as the status bar's Cancel button does. */
    public void cancelRunning() {
        if (running != null) {
            running.cancel();
        }
    }
}
