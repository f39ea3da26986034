package org.embeddingstudio.app.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands values produced on a background thread to the UI thread in batches, at most one batch per interval: a
 * training run reports every step (hundreds per second on a small model), and one UI update per step would keep the
 * FX thread busy enough to stall frames. Nothing is dropped: a batch holds every value since the last one.
 */
final class ProgressCoalescer<T> {
    private final Executor uiThread;
    private final Consumer<List<T>> deliver;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final List<T> pending = new ArrayList<>();
    private boolean scheduled;
    private long lastDelivery = Long.MIN_VALUE / 2;

    ProgressCoalescer(Executor uiThread, Consumer<List<T>> deliver, long intervalNanos, LongSupplier clock) {
        this.uiThread = uiThread;
        this.deliver = deliver;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /** Queues a value (any thread); a batch goes to the UI thread if the last one left an interval ago. */
    void add(T value) {
        boolean post;
        synchronized (this) {
            pending.add(value);
            post = !scheduled && clock.getAsLong() - lastDelivery >= intervalNanos;
            scheduled |= post;
        }
        if (post) {
            uiThread.execute(this::drain);
        }
    }

    /** On the UI thread: delivers whatever is queued now (at the end of a run, before its summary). */
    void flush() {
        drain();
    }

    private void drain() {
        List<T> batch;
        synchronized (this) {
            batch = new ArrayList<>(pending);
            pending.clear();
            scheduled = false;
            lastDelivery = clock.getAsLong();
        }
        if (!batch.isEmpty()) {
            deliver.accept(batch);
        }
    }
}
