package org.embeddingstudio.core.hub;

/**
 * The user cancelled a download. The part already fetched stays as {@code blobs/ETAG.incomplete} so that the next
 * download resumes it; nothing half-written is in the snapshot folder.
 */
public final class HubDownloadCancelledException extends HubException {
    public HubDownloadCancelledException(String message) {
        super(message);
    }
}
