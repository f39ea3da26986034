package org.embeddingstudio.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The token goes only to the endpoint's own host, never to a CDN a redirect points at.
 */
final class HubProtocol {
    /** What a HEAD on a file's resolve URL says. */
    record FileMetadata(String commit, String etag, long size, URI location) {
    }

    /** A revision's commit and files. */
    record Listing(String commit, List<HubFile> files) {
    }

    /** The Hub could not be reached at all: no network, refused, timed out, unknown host. */
    static final class UnreachableException extends HubException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 10;
    private static final int TRANSFER_ATTEMPTS = 5;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubSettings settings;
    private final HttpClient http;
    private final long retryPauseMillis;

    HubProtocol(HubSettings settings, HttpClient http, long retryPauseMillis) {
        this.settings = settings;
        this.http = http;
        this.retryPauseMillis = retryPauseMillis;
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
        HttpResponse<byte[]> response = send(request(uri, "GET").timeout(METADATA_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray(), repo);
        failUnlessSuccess(response, repo, null);
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
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest head = request(uri, "HEAD").header("Accept-Encoding", "identity")
                    .timeout(METADATA_TIMEOUT).build();
            HttpResponse<Void> response = send(head, HttpResponse.BodyHandlers.discarding(), repo);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            boolean redirect = status >= 300 && status < 400 && location.isPresent();
            if (redirect && sameHost(uri, uri.resolve(location.get()))) {
                uri = uri.resolve(location.get());
                continue;
            }
            if (!redirect) {
                failUnlessSuccess(response, repo, file);
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
        throw new HubException(repo + ": more than " + MAX_REDIRECTS + " redirects for " + file);
    }

    /**
     * Fetches {@code location} into {@code incomplete}, continuing from the bytes already there. A connection that
     * drops mid-file is resumed with a Range request (a few times, as long as bytes keep arriving); a server that
     * ignores the Range gets the whole file again.
     */
    void transfer(HubRepoId repo, String file, URI location, Path incomplete, long expectedSize,
                  LongConsumer progress, CancellationToken cancel) throws IOException {
        Files.createDirectories(incomplete.getParent());
        int attemptsLeft = TRANSFER_ATTEMPTS;
        while (true) {
            long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
            if (expectedSize >= 0 && have > expectedSize) {
                Files.write(incomplete, new byte[0]);
                have = 0;
            }
            if (expectedSize >= 0 && have == expectedSize) {
                return;
            }
            checkCancelled(cancel, file);
            try {
                download(repo, file, location, incomplete, have, progress, cancel);
                long now = Files.size(incomplete);
                if (expectedSize < 0 || now >= expectedSize) {
                    return;
                }
                throw new TransferInterruptedException(new IOException("the body ended after " + now + " of "
                        + expectedSize + " bytes"));
            } catch (UnreachableException | TransferInterruptedException e) {
                long now = Files.exists(incomplete) ? Files.size(incomplete) : 0;
                attemptsLeft = now > have ? TRANSFER_ATTEMPTS : attemptsLeft - 1;
                if (attemptsLeft <= 0) {
                    throw new HubException(repo + ": the download of " + file + " keeps failing ("
                            + e.getCause() + "); " + now + " bytes are kept and the next download resumes them", e);
                }
                pause(cancel, file);
            }
        }
    }

    /** One GET appending to {@code incomplete}; TransferInterruptedException when the stream broke. */
    private void download(HubRepoId repo, String file, URI location, Path incomplete, long have,
                             LongConsumer progress, CancellationToken cancel) throws IOException {
        URI uri = location;
        HttpResponse<InputStream> response = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder get = request(uri, "GET").header("Accept-Encoding", "identity")
                    .timeout(TRANSFER_HEADERS_TIMEOUT);
            if (have > 0) {
                get.header("Range", "bytes=" + have + "-");
            }
            response = send(get.build(), HttpResponse.BodyHandlers.ofInputStream(), repo);
            Optional<String> next = response.headers().firstValue("Location");
            if (response.statusCode() >= 300 && response.statusCode() < 400 && next.isPresent()) {
                response.body().close();
                uri = uri.resolve(next.get());
                continue;
            }
            break;
        }
        int status = response.statusCode();
        long offset;
        if (status == 206) {
            offset = rangeStart(response).orElse(-1L);
            if (offset != have) {
                // A range we did not ask for: start over rather than splice wrong bytes.
                response.body().close();
                Files.write(incomplete, new byte[0]);
                throw new TransferInterruptedException(new IOException("unexpected Content-Range"));
            }
        } else if (status == 416 && have > 0) {
            response.body().close();
            Files.write(incomplete, new byte[0]);
            throw new TransferInterruptedException(new IOException("range not satisfiable, starting over"));
        } else if (status >= 200 && status < 300) {
            offset = 0;
        } else {
            try (InputStream ignored = response.body()) {
                failUnlessSuccess(response, repo, file);
            }
            throw new HubException(repo + " " + file + ": the Hub answered " + status);
        }
        StandardOpenOption mode = offset == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        long done = offset;
        byte[] buffer = new byte[1 << 16];
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        InputStream body = response.body();
        // A read blocks until data comes; closing the stream is the only way to end it, on cancel or on a stall.
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            boolean stall = System.nanoTime() - lastData.get() > STALL_TIMEOUT.toNanos();
            if (cancel.isCancelled() || stall) {
                stalled.set(stall);
                closeQuietly(body);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try (InputStream in = body;
             OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     mode)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    checkCancelled(cancel, file);
                    throw new TransferInterruptedException(stalled.get()
                            ? new IOException("no data for " + STALL_TIMEOUT.toSeconds() + " s", e) : e);
                }
                if (n < 0) {
                    break;
                }
                lastData.set(System.nanoTime());
                out.write(buffer, 0, n);
                done += n;
                progress.accept(done);
                if (cancel.isCancelled()) {
                    out.flush();
                    checkCancelled(cancel, file);
                }
            }
        } finally {
            watchdog.cancel(false);
        }
        checkCancelled(cancel, file);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only ends a read that waits; a failure to close changes nothing for the caller.
        }
    }

    /** The body stopped before its end; what arrived is on disk and the transfer can resume. */
    private static final class TransferInterruptedException extends HubException {
        TransferInterruptedException(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    private HttpRequest.Builder request(URI uri, String method) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "embedding-studio/0.1; java/" + Runtime.version().feature());
        if (settings.token().isPresent() && sameOrigin(uri, settings.endpoint())) {
            builder.header("Authorization", "Bearer " + settings.token().get());
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, HubRepoId repo)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new UnreachableException(repo + ": the connection to " + request.uri().getHost() + " failed: "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubDownloadCancelledException(repo + ": the download was interrupted");
        }
    }

    private UnreachableException unreachable(Exception e) {
        return new UnreachableException("cannot reach " + settings.endpoint() + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
    }

    /** Turns the Hub's error answers into messages that say what to do, by status and X-Error-Code. */
    private void failUnlessSuccess(HttpResponse<?> response, HubRepoId repo, String file) throws HubException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String page = settings.endpoint() + "/" + repo.id();
        if ("RevisionNotFound".equals(code)) {
            throw new HubNotFoundException(repo.id() + ": no such revision '" + repo.revision() + "' (" + status
                    + "); give an existing branch, tag or commit");
        }
        if ("EntryNotFound".equals(code) || (status == 404 && file != null && code.isEmpty())) {
            throw new HubNotFoundException(repo + ": no such file '" + file + "' in the repository (" + status + ")");
        }
        if ("GatedRepo".equals(code) || status == 403) {
            throw new HubAccessDeniedException(status, repo.id() + ": gated or private model, access denied ("
                    + status + "). Accept its conditions at " + page + " with the account whose token is in HF_TOKEN"
                    + (settings.token().isPresent() ? "; the token sent has no access yet"
                    : "; no token was sent: create one at " + settings.endpoint() + "/settings/tokens and set "
                    + "HF_TOKEN (or run 'huggingface-cli login')"));
        }
        if (status == 401) {
            throw new HubAccessDeniedException(status, settings.token().isPresent()
                    ? repo.id() + ": the Hub refused access (401): no such repository, or the token in HF_TOKEN is "
                    + "invalid or has no access to this private model"
                    : repo.id() + ": no such repository, or it is gated or private (401). For a gated or private "
                    + "model set HF_TOKEN to a token from " + settings.endpoint() + "/settings/tokens (or run "
                    + "'huggingface-cli login')");
        }
        if (status == 404) {
            throw new HubNotFoundException(repo.id() + ": no such repository on " + settings.endpoint() + " (404)");
        }
        throw new HubException(repo + (file == null ? "" : " " + file) + ": the Hub answered " + status
                + (status == 429 ? " (too many requests: wait and try again)"
                : status >= 500 ? " (a server error: try again later)" : ""));
    }

    private void checkCancelled(CancellationToken cancel, String file) throws HubDownloadCancelledException {
        if (cancel.isCancelled()) {
            throw new HubDownloadCancelledException(file + ": download cancelled; the part fetched is kept and "
                    + "the next download resumes it");
        }
    }

    private void pause(CancellationToken cancel, String file) throws HubDownloadCancelledException {
        try {
            Thread.sleep(retryPauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubDownloadCancelledException(file + ": download interrupted");
        }
        checkCancelled(cancel, file);
    }

    private static Optional<Long> rangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range").map(CONTENT_RANGE::matcher).filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)));
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

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
