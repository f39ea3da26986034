package org.embeddingstudio.core.hub;

/** A downloaded file's size or hash differs from what the Hub said it is; the file was thrown away. */
public final class HubIntegrityException extends HubException {
    public HubIntegrityException(String message) {
        super(message);
    }
}
