package org.embeddingstudio.app.ui.fx;

import org.embeddingstudio.core.task.CancellationToken;

/**
 * Long work for a background thread: it reports progress to the sink and checks the token between steps. It
 * must not touch JavaFX: results go back through the {@link TaskRunner}'s callbacks.
 */
@FunctionalInterface
public interface BackgroundJob<V> {
    V call(ProgressSink progress, CancellationToken cancellation) throws Exception;
}
