package org.embeddingstudio.core.hub;

/** The Hub answered 401 or 403: the repository is private or gated (or, for anonymous callers, may not exist). */
public final class HubAccessDeniedException extends HubException {
    private final int status;

    public HubAccessDeniedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 401 (no or bad token) or 403 (token without access, e.g. gated terms not accepted). */
    public int status() {
        return status;
    }
}
