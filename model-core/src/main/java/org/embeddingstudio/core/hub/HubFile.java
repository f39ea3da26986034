package org.embeddingstudio.core.hub;

/**
 * One file of a Hub repository.
 *
 * @param path the path inside the repository, with '/' separators ({@code config.json})
 * @param size its size in bytes, or -1 when the listing did not say
 */
public record HubFile(String path, long size) {
}
