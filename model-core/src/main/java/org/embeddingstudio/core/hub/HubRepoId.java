package org.embeddingstudio.core.hub;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model on the Hub as researchers name it: {@code owner/name} or a legacy bare {@code name}
 * ({@code bert-base-multilingual-cased}), optionally pinned with {@code @revision} (a branch, tag or commit).
 *
 * @param id the repository id, {@code owner/name} or {@code name}
 * @param revision the branch, tag or commit asked for; {@code main} when none was given
 */
public record HubRepoId(String id, String revision) {
    public static final String DEFAULT_REVISION = "main";
    // The Hub's own rule for repo names: letters, digits, '-', '_', '.'; no "--" or ".." and no leading or
    // trailing '-'/'.'.
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public HubRepoId {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a Hugging Face Hub model id: expected owner/name "
                    + "or name, made of letters, digits, '-', '_' and '.'");
        }
        if (revision == null || revision.isBlank()) {
            revision = DEFAULT_REVISION;
        } else if (revision.contains("..") || revision.startsWith("/") || revision.contains("\\")) {
            throw new IllegalArgumentException("'" + revision + "' is not a revision (branch, tag or commit)");
        }
    }

    /** {@code owner/name}, {@code name}, either with {@code @revision}. */
    public static HubRepoId parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not a Hugging Face Hub model id: expected owner/name[@revision] or name[@revision]"));
    }

    /** The id a command-line argument names, when it is shaped like one. */
    public static Optional<HubRepoId> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int at = trimmed.lastIndexOf('@');
        String id = at < 0 ? trimmed : trimmed.substring(0, at);
        String revision = at < 0 ? DEFAULT_REVISION : trimmed.substring(at + 1);
        if (!isValidId(id) || revision.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HubRepoId(id, revision));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The same repository at another revision; {@code null} keeps this one. */
    public HubRepoId at(String otherRevision) {
        return otherRevision == null ? this : new HubRepoId(id, otherRevision);
    }

    /** The cache folder name {@code huggingface_hub} gives this repository: {@code models--owner--name}. */
    public String cacheFolderName() {
        return "models--" + id.replace("/", "--");
    }

    public boolean revisionIsCommit() {
        return COMMIT.matcher(revision).matches();
    }

    static boolean isCommit(String text) {
        return COMMIT.matcher(text).matches();
    }

    private static boolean isValidId(String id) {
        if (id == null) {
            return false;
        }
        String[] parts = id.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches() || part.contains("--") || part.contains("..")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return DEFAULT_REVISION.equals(revision) ? id : id + "@" + revision;
    }
}
