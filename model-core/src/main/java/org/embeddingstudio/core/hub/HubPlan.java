package org.embeddingstudio.core.hub;

import java.util.List;

/**
 * The files a download will fetch, known before any large transfer starts, so that a user sees names and sizes.
 *
 * @param repo the repository and the revision asked for
 * @param commit the commit that revision points at
 * @param files the files to fetch, in download order
 * @param fromCache true when the Hub could not be asked and the plan comes from the cache alone
 */
public record HubPlan(HubRepoId repo, String commit, List<HubFile> files, boolean fromCache) {
    public HubPlan {
        files = List.copyOf(files);
    }

    /** The bytes of all files whose size is known. */
    public long totalBytes() {
        return files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
    }
}
