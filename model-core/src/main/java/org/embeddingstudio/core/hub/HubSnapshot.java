package org.embeddingstudio.core.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A repository revision present in the cache, ready to load.
 *
 * @param repo the repository and the revision asked for
 * @param commit the commit it resolved to
 * @param folder {@code .../models--owner--name/snapshots/COMMIT}, the folder a model or tokenizer loader opens
 * @param files the files fetched (or found) for it
 * @param fromCache true when it was served from the cache without asking the Hub (offline)
 */
public record HubSnapshot(HubRepoId repo, String commit, Path folder, List<HubFile> files, boolean fromCache) {
    public HubSnapshot {
        files = List.copyOf(files);
    }
}
