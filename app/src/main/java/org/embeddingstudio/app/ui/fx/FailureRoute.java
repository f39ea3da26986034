package org.embeddingstudio.app.ui.fx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;

/**
 * Where a failed job is told to the user (STYLE §4): logged, a line in the Event Log, a notification. One route,
 * so no view model needs its own "Cannot …" label for a failure. A cancellation is no failure: the user asked for
 * it, so it is said as information.
 */
public interface FailureRoute {
    /** Logs only: for runners without a screen (tests, headless use) that were given no Event Log. */
    FailureRoute LOG_ONLY = new FailureRoute() {
        private static final Logger LOG = LoggerFactory.getLogger(FailureRoute.class);

        @Override
        public void failed(String title, Throwable error) {
            LOG.warn(title, error);
        }

        @Override
        public void cancelled(String what) {
            LOG.info("Cancelled {}", what);
        }
    };

    /** @param title what failed, e.g. "Could not load embeddings from /data/x" */
    void failed(String title, Throwable error);

    /** @param what what stopped, lower case: "adding embedding 'si'" */
    void cancelled(String what);

    /**
     * Either, by the exception: a {@link CancellationException} is the user's own Cancel, and its message says what
     * stopped (core and view models throw them so).
     */
    default void report(String title, Throwable error) {
        if (error instanceof CancellationException) {
            cancelled(error.getMessage());
        } else {
            failed(title, error);
        }
    }
}
