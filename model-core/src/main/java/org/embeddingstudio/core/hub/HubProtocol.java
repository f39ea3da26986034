package org.embeddingstudio.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The Hub's file protocol, as {@code huggingface_hub} speaks it:
 * <ul>
 *   <li>{@code GET /api/models/ID/revision/REV?blobs=true}: the commit and the files with sizes;</li>
 *   <li>{@code HEAD /ID/resolve/COMMIT/FILE}, redirects on the same host followed (renamed repositories) but
 *       not those to another host (the CDN, whose redirect response carries the metadata):
 *       {@code X-Repo-Commit}, the ETag ({@code X-Linked-Etag} before {@code ETag}), the size
 *       ({@code X-Linked-Size}, else {@code Content-Length}) and where the content is ({@code Location});</li>
 *   <li>{@code GET} of that location, with {@code Range: bytes=N-} to resume.</li>
 * </ul>
 * The token goes only to the endpoint's own host, never to a CDN a redirect points at. The requests themselves
 * are {@link HubHttp}'s, the last step is {@link HubTransfer}'s; what the answers mean is read here.
 */
final class HubProtocol {
    /** What a HEAD on a file's resolve URL says. */
    record FileMetadata(String commit, String etag, long size, URI location) {
    }

    /** A revision's commit and files. */
    record Listing(String commit, List<HubFile> files) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private final HubSettings settings;
    private final HubHttp http;
    private final HubTransfer transfer;

    HubProtocol(HubSettings settings, HttpClient http, long retryPauseMillis) {
        this.settings = settings;
        this.http = new HubHttp(settings, http);
        this.transfer = new HubTransfer(this.http, retryPauseMillis);
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Listing listing(HubRepoId repo) throws IOException {
        URI uri = URI.create(settings.endpoint() + "/api/models/" + repo.id() + "/revision/"
                + encode(repo.revision()) + "?blobs=true");
        HttpRequest get = http.request(uri, "GET").timeout(METADATA_TIMEOUT).build();
        HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray(), repo);
        http.failUnlessSuccess(response, repo, null);
        JsonNode info;
        try {
            info = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new HubException(uri + ": the answer is not JSON; is HF_ENDPOINT (" + settings.endpoint()
                    + ") a Hugging Face Hub?", e);
        }
        String commit = info.path("sha").asText("");
        if (!HubRepoId.isCommit(commit)) {
            throw new HubException(uri + ": the answer names no commit ('sha'); is HF_ENDPOINT ("
                    + settings.endpoint() + ") a Hugging Face Hub?");
        }
        List<HubFile> files = new ArrayList<>();
        for (JsonNode sibling : info.path("siblings")) {
            String name = sibling.path("rfilename").asText("");
            if (!name.isEmpty()) {
                JsonNode size = sibling.has("lfs") ? sibling.path("lfs").path("size") : sibling.path("size");
                files.add(new HubFile(name, size.isNumber() ? size.asLong() : sibling.path("size").asLong(-1)));
            }
        }
        return new Listing(commit, files);
    }

    FileMetadata metadata(HubRepoId repo, String commit, String file) throws IOException {
        URI uri = URI.create(settings.endpoint() + "/" + repo.id() + "/resolve/" + encode(commit) + "/"
                + encodePath(file));
        for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
            HttpRequest head = http.request(uri, "HEAD").header("Accept-Encoding", "identity")
                    .timeout(METADATA_TIMEOUT).build();
            HttpResponse<Void> response = http.send(head, HttpResponse.BodyHandlers.discarding(), repo);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            boolean redirect = status >= 300 && status < 400 && location.isPresent();
            if (redirect && sameHost(uri, uri.resolve(location.get()))) {
                uri = uri.resolve(location.get());
                continue;
            }
            if (!redirect) {
                http.failUnlessSuccess(response, repo, file);
            }
            String etag = normalizeEtag(response.headers().firstValue("X-Linked-Etag")
                    .or(() -> response.headers().firstValue("ETag")).orElse(null));
            String repoCommit = response.headers().firstValue("X-Repo-Commit").orElse(null);
            Optional<String> size = response.headers().firstValue("X-Linked-Size")
                    .or(() -> redirect ? Optional.empty() : response.headers().firstValue("Content-Length"));
            if (etag == null || etag.isEmpty() || etag.contains("/") || etag.contains("\\") || repoCommit == null) {
                throw new HubException(repo + ": the answer for " + file + " lacks the ETag or X-Repo-Commit header "
                        + "a Hub sends; is HF_ENDPOINT (" + settings.endpoint() + ") a Hugging Face Hub, or is a "
                        + "proxy removing headers?");
            }
            return new FileMetadata(repoCommit, etag, size.map(HubProtocol::parseSize).orElse(-1L),
                    redirect ? uri.resolve(location.get()) : uri);
        }
        throw new HubException(repo + ": more than " + HubHttp.MAX_REDIRECTS + " redirects for " + file);
    }

    /** Fetches a file's content from {@code location} into {@code incomplete}, resuming: see {@link HubTransfer}. */
    void transfer(HubRepoId repo, String file, URI location, Path incomplete, long expectedSize,
                  LongConsumer progress, CancellationToken cancel) throws IOException {
        transfer.fetch(repo, file, location, incomplete, expectedSize, progress, cancel);
    }

    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static long parseSize(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        String[] parts = path.split("/");
        StringBuilder encoded = new StringBuilder();
        for (String part : parts) {
            if (!encoded.isEmpty()) {
                encoded.append('/');
            }
            encoded.append(encode(part));
        }
        return encoded.toString();
    }
}
