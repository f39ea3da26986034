package org.embeddingstudio.core.hub;

/**
 * Hears how a download goes, file by file. Called on the downloading thread; a listener that updates a screen must
 * hand the values over to its own thread.
 */
public interface HubDownloadListener {
    /** The Hub is being asked which files to fetch. */
    default void planned(HubPlan plan) {
    }

    /** A transfer of {@code file} starts (or resumes: {@code bytesDone} is what the cache already had). */
    default void fileStarted(HubFile file, long bytesDone) {
    }

    /** {@code bytesDone} of {@code file} are on disk. */
    default void fileProgress(HubFile file, long bytesDone) {
    }

    /** {@code file} is in the snapshot; {@code alreadyCached} when nothing had to be transferred for it. */
    default void fileFinished(HubFile file, boolean alreadyCached) {
    }

    static HubDownloadListener none() {
        return new HubDownloadListener() {
        };
    }
}
