package org.embeddingstudio.core.task;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks long work to stop. Work checks it between steps, so it stops at a consistent state: after a cancelled
 * training run the model holds the weights of the last finished step.
 */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** A token that is never cancelled. */
    public static CancellationToken none() {
        return new CancellationToken();
    }
}
