package org.embeddingstudio.core.hub;

/** The Hub has no such repository, revision or file (404), or the repository lacks a file the download needs. */
public final class HubNotFoundException extends HubException {
    public HubNotFoundException(String message) {
        super(message);
    }
}
