package org.embeddingstudio.core.hub;

import java.util.List;

/**
 * The Hub cannot be reached (no network, or {@code HF_HUB_OFFLINE} set) and the cache does not hold what was asked
 * for. The message and {@link #cached()} say what the cache does hold.
 */
public final class HubOfflineException extends HubException {
    private final List<String> cached;

    public HubOfflineException(String message, List<String> cached, Throwable cause) {
        super(message, cause);
        this.cached = List.copyOf(cached);
    }

    /** The model ids the cache holds, sorted. */
    public List<String> cached() {
        return cached;
    }
}
