package org.embeddingstudio.core.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Checks a downloaded file against the ETag the Hub reported for it. For files stored with Git LFS (weights) the
 * ETag is the sha256 of the content; for plain git files (configs, vocabularies) it is the git blob id,
 * {@code sha1("blob " + length + "\0" + content)}. Any other ETag (some mirrors) is checked by size only.
 */
final class ContentDigest {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern GIT_SHA1 = Pattern.compile("[0-9a-f]{40}");

    private ContentDigest() {
    }

    /** Throws unless {@code file} has {@code expectedSize} bytes (when known) and the content the ETag names. */
    static void verify(Path file, String etag, long expectedSize, String shownName) throws IOException {
        long size = Files.size(file);
        if (expectedSize >= 0 && size != expectedSize) {
            throw new HubIntegrityException(shownName + ": downloaded " + size + " bytes but the Hub said "
                    + expectedSize + "; the file was discarded, download again");
        }
        String actual;
        if (SHA256.matcher(etag).matches()) {
            actual = digest(file, "SHA-256", null);
        } else if (GIT_SHA1.matcher(etag).matches()) {
            actual = digest(file, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        } else {
            return;
        }
        if (!actual.equals(etag)) {
            throw new HubIntegrityException(shownName + ": the downloaded content does not match the hash the Hub "
                    + "reports (expected " + etag + ", got " + actual + "); the file was discarded");
        }
    }

    private static String digest(Path file, String algorithm, byte[] header) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
        if (header != null) {
            digest.update(header);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
