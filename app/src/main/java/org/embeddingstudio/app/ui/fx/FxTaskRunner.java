package org.embeddingstudio.app.ui.fx;

import javafx.concurrent.Task;
import org.embeddingstudio.core.engine.BackgroundPriority;
import org.embeddingstudio.core.task.CancellationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs each job in a {@link Task} on a background thread. {@code Task}'s own progress/message updates coalesce onto
 * the FX thread, and its succeeded/failed handlers run there, so no view model ever calls {@code Platform.runLater}.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxTaskRunner.class);

    private final BackgroundTasks tasks;
    private final Set<CancellationToken> running = ConcurrentHashMap.newKeySet();
    private final FailureRoute failures;
    // Background priority: on 2 cores a job (plus PyTorch's threads, which inherit it) would otherwise take turns
    // with the FX and render threads and frames would stall.
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread();
            runnable.run();
        }, "background-job");
        thread.setDaemon(true);
        return thread;
    });

    public FxTaskRunner(BackgroundTasks tasks) {
        this(tasks, FailureRoute.LOG_ONLY);
    }

    /** @param failures where failures go that a caller leaves to the runner: the Event Log and a notification */
    public FxTaskRunner(BackgroundTasks tasks, FailureRoute failures) {
        this.tasks = tasks;
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
        Task<V> task = new Task<>() {
            @Override
            protected V call() throws Exception {
                running.add(cancellation);
                try {
                    return callJob();
                } finally {
                    running.remove(cancellation);
                }
            }

            private V callJob() throws Exception {
                return job.call(new ProgressSink() {
                    @Override
                    public void progress(double done, double total) {
                        updateProgress(done, total);
                    }

                    @Override
                    public void message(String message) {
                        updateMessage(message);
                    }
                }, cancellation);
            }
        };
        // Cancel only asks: the job stops at its next check and the task ends then, so nothing new can start
        // on a model the job still holds.
        BackgroundTask shown = new BackgroundTask(title, cancellation::cancel);
        task.progressProperty().addListener((o, a, value) -> shown.update(value.doubleValue(), null));
        task.messageProperty().addListener((o, a, value) -> shown.update(task.getProgress(), value));
        task.setOnSucceeded(e -> {
            tasks.remove(shown);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            tasks.remove(shown);
            logFailure(title, task.getException());
            onFailure.accept(task.getException());
        });
        tasks.add(shown);
        executor.submit(task);
        return shown::cancel;
    }

    /**
     * A file that is not there or not readable as what it should be, or an input the job refuses, is an answer the
     * user reads in the app: logged as one line. Anything else is a defect: logged with its stack trace.
     */
    static void logFailure(String title, Throwable error) {
        if (error instanceof IOException || error instanceof IllegalArgumentException) {
            LOG.info("{} failed: {}", title, error.toString());
        } else {
            LOG.warn("{} failed", title, error);
        }
    }

    /**
     * Asks every running job to stop and waits, at most {@code wait}, until they have. Only then may the model they
     * use be freed: freeing native memory a job is still computing on crashes the process (seen when the window was
     * closed during a training step). A training run asked to stop this way leaves its checkpoint, as Cancel does.
     *
     * @return whether every job has ended
     */
    public boolean stopAll(Duration wait) throws InterruptedException {
        running.forEach(CancellationToken::cancel);
        executor.shutdown();
        return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running.forEach(CancellationToken::cancel);
        executor.shutdownNow();
    }
}
