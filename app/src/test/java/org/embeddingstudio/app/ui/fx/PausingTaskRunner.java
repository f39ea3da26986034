package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a job on a thread of its own, as the app's runner does, and holds it at its first progress report until the
 * test lets it go: for showing what the UI thread can do while a job is mid-way. The job's callback runs on the
 * test's thread in {@link #finish()}, as the FX thread would run it. One job per runner.
 */
public final class PausingTaskRunner implements TaskRunner {
    // How long a step may wait for the other thread before the test fails instead of hanging: a bound, not a speed.
    private static final long PATIENCE_SECONDS = 60;

    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);
    private final List<Double> fractions = new CopyOnWriteArrayList<>();
    private Thread worker;
    // Set by the worker; read after joining it.
    private Runnable callback;

    @Override
    public <V> RunningTask run(String title, BackgroundJob<V> job, Consumer<V> onSuccess,
                               Consumer<Throwable> onFailure) {
        if (worker != null) {
            throw new IllegalStateException("a PausingTaskRunner runs one job");
        }
        CancellationToken cancellation = new CancellationToken();
        ProgressSink sink = new ProgressSink() {
            @Override
            public void progress(double done, double total) {
                fractions.add(done / total);
                paused.countDown();
                try {
                    resumed.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void message(String message) {
            }
        };
        worker = new Thread(() -> {
            try {
                V value = job.call(sink, cancellation);
                callback = () -> onSuccess.accept(value);
            } catch (Exception e) {
                callback = () -> onFailure.accept(e);
            }
        }, "paused-job");
        worker.start();
        return cancellation::cancel;
    }

    /** Waits until the job is held at its first progress report; false if it never got there. */
    public boolean awaitPaused() throws InterruptedException {
        return paused.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    /** Whether the job has ended (its callback waits for {@link #finish()}). */
    public boolean ended() {
        return worker != null && !worker.isAlive();
    }

    /** Lets the job go on, waits for its end and runs its callback on this thread. */
    public void finish() throws InterruptedException {
        resumed.countDown();
        worker.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        if (worker.isAlive()) {
            throw new AssertionError("the job did not end within " + PATIENCE_SECONDS + " s");
        }
        callback.run();
    }

    /** Every progress report so far, as a fraction done. */
    public List<Double> progress() {
        return List.copyOf(fractions);
    }
}
