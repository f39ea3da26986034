package org.embeddingstudio.core.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server speaking the Hub's file protocol, for tests that point {@code HF_ENDPOINT} at it:
 * {@code /api/models/ID/revision/REV} (commit and siblings with sizes), {@code HEAD|GET /ID/resolve/REV/FILE}
 * (plain files answered with their git-blob ETag; LFS files ({@code .safetensors}, {@code .bin}) redirected to
 * {@code http://localhost:PORT/cdn/SHA256}, a host name other than the endpoint's {@code 127.0.0.1}, with
 * {@code X-Linked-Etag}/{@code X-Linked-Size}), Range requests on the CDN, relative redirects for renamed
 * repositories, 401/403/404 with {@code X-Error-Code}, and faults on demand: a connection dropped mid-file,
 * content that does not match its hash.
 */
public final class HubTestServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Request(String method, String path, Optional<String> range, Optional<String> authorization) {
    }

    private record Revision(String commit, Map<String, byte[]> files) {
    }

    private static final class Repo {
        final Map<String, Revision> byRevision = new LinkedHashMap<>();
        String token;
        boolean gated;
    }

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
    private final Map<String, Integer> dropAfter = new ConcurrentHashMap<>();
    private final Map<String, Boolean> corrupted = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private HubTestServer(HttpServer server) {
        this.server = server;
    }

    public static HubTestServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HubTestServer hub = new HubTestServer(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                hub.handle(exchange);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return hub;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds (or replaces) a revision of a repository; returns its commit. {@code main} is the default branch. */
    public String publish(String id, String revision, Map<String, byte[]> files) {
        String commit = sha1Hex((id + "@" + revision + "#" + files.keySet()).getBytes(StandardCharsets.UTF_8));
        Repo repo = repos.computeIfAbsent(id, i -> new Repo());
        Revision published = new Revision(commit, new LinkedHashMap<>(files));
        repo.byRevision.put(revision, published);
        repo.byRevision.put(commit, published);
        files.values().forEach(content -> cdn.put(sha256Hex(content), content));
        return commit;
    }

    public String publish(String id, Map<String, byte[]> files) {
        return publish(id, "main", files);
    }

    /** Only requests with this bearer token see the repository; others get 401 (as for a private repository). */
    public void requireToken(String id, String token) {
        repos.get(id).token = token;
    }

    /** A gated repository: 403 GatedRepo for every request, with or without token (conditions not accepted). */
    public void gate(String id) {
        repos.get(id).gated = true;
    }

    /**
     * After a rename the Hub answers the listing under the old name and redirects file URLs (relative, 307) to the
     * new one.
     */
    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** The next CDN transfer of this content stops after {@code bytes} bytes, the connection closed. */
    public void dropConnectionOnce(byte[] content, int bytes) {
        dropAfter.put(sha256Hex(content), bytes);
    }

    /** The CDN serves this content with its first byte changed, while the headers still announce the real hash. */
    public void corrupt(byte[] content) {
        corrupted.put(sha256Hex(content), true);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    static boolean isLfs(String file) {
        return file.endsWith(".safetensors") || file.endsWith(".bin");
    }

    static String sha256Hex(byte[] content) {
        return hex("SHA-256", content);
    }

    static String gitBlobSha1(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(header, header.length + content.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return sha1Hex(all);
    }

    private static String sha1Hex(byte[] content) {
        return hex("SHA-1", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range")),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
        if (path.startsWith("/api/models/")) {
            api(exchange, path.substring("/api/models/".length()));
        } else if (path.startsWith("/cdn/")) {
            cdn(exchange, path.substring("/cdn/".length()));
        } else if (path.contains("/resolve/")) {
            resolve(exchange, path);
        } else {
            send(exchange, 404, "", new byte[0]);
        }
    }

    private void api(HttpExchange exchange, String rest) throws IOException {
        int at = rest.indexOf("/revision/");
        if (at < 0) {
            send(exchange, 404, "", new byte[0]);
            return;
        }
        String id = renamed.getOrDefault(rest.substring(0, at), rest.substring(0, at));
        String revision = URLDecoder.decode(rest.substring(at + "/revision/".length()), StandardCharsets.UTF_8);
        Optional<Revision> found = lookup(exchange, id, revision);
        if (found.isEmpty()) {
            return;
        }
        // Written by hand, so that the server needs nothing but the JDK (installer/smoke-test.sh runs it so).
        List<String> siblings = new ArrayList<>();
        found.get().files().forEach((name, content) -> siblings.add("{\"rfilename\":" + jsonString(name)
                + ",\"size\":" + content.length + (isLfs(name) ? ",\"lfs\":{\"sha256\":\"" + sha256Hex(content)
                + "\",\"size\":" + content.length + ",\"pointerSize\":134}" : "") + "}"));
        String info = "{\"id\":" + jsonString(id) + ",\"sha\":" + jsonString(found.get().commit())
                + ",\"siblings\":[" + String.join(",", siblings) + "]}";
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, exchange.getRequestMethod(), info.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonString(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    private void resolve(HttpExchange exchange, String path) throws IOException {
        int at = path.indexOf("/resolve/");
        String id = path.substring(1, at);
        String newId = renamed.get(id);
        if (newId != null) {
            exchange.getResponseHeaders().set("Location", "/" + newId + path.substring(at));
            send(exchange, 307, exchange.getRequestMethod(), new byte[0]);
            return;
        }
        String rest = path.substring(at + "/resolve/".length());
        int slash = rest.indexOf('/');
        String revision = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
        List<String> segments = new ArrayList<>();
        for (String segment : rest.substring(slash + 1).split("/")) {
            segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
        }
        String file = String.join("/", segments);
        Optional<Revision> found = lookup(exchange, id, revision);
        if (found.isEmpty()) {
            return;
        }
        byte[] content = found.get().files().get(file);
        var headers = exchange.getResponseHeaders();
        headers.set("X-Repo-Commit", found.get().commit());
        if (content == null) {
            headers.set("X-Error-Code", "EntryNotFound");
            send(exchange, 404, exchange.getRequestMethod(), new byte[0]);
            return;
        }
        if (isLfs(file)) {
            headers.set("X-Linked-Etag", "\"" + sha256Hex(content) + "\"");
            headers.set("X-Linked-Size", Long.toString(content.length));
            headers.set("ETag", "\"" + gitBlobSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:"
                    + sha256Hex(content) + "\nsize " + content.length + "\n").getBytes(StandardCharsets.UTF_8)) + "\"");
            // The CDN is another host name, as on the Hub: clients stop at this redirect and send it no token.
            headers.set("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/"
                    + sha256Hex(content));
            send(exchange, 302, exchange.getRequestMethod(), new byte[0]);
            return;
        }
        headers.set("ETag", "\"" + gitBlobSha1(content) + "\"");
        send(exchange, 200, exchange.getRequestMethod(), content);
    }

    private void cdn(HttpExchange exchange, String sha256) throws IOException {
        byte[] content = cdn.get(sha256);
        if (content == null) {
            send(exchange, 404, exchange.getRequestMethod(), new byte[0]);
            return;
        }
        if (corrupted.containsKey(sha256)) {
            content = content.clone();
            content[0] ^= 0x5A;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (from >= content.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                send(exchange, 416, exchange.getRequestMethod(), new byte[0]);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.getResponseHeaders().set("ETag", "\"" + sha256 + "\"");
        byte[] body = Arrays.copyOfRange(content, from, content.length);
        Integer drop = dropAfter.remove(sha256);
        if (drop != null && "GET".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(range == null ? 200 : 206, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, Math.min(drop, body.length));
            out.flush();
            // Closing the exchange with bytes still owed makes the server close the connection, as a network
            // failure would (closing only the body stream would leave the connection open).
            exchange.close();
            return;
        }
        send(exchange, range == null ? 200 : 206, exchange.getRequestMethod(), body);
    }

    /** The revision, or an error answered (404 repo/revision, 401 private, 403 gated) and empty. */
    private Optional<Revision> lookup(HttpExchange exchange, String id, String revision) throws IOException {
        Repo repo = repos.get(id);
        if (repo == null) {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            send(exchange, 404, exchange.getRequestMethod(), new byte[0]);
            return Optional.empty();
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (repo.token != null && !("Bearer " + repo.token).equals(authorization)) {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            send(exchange, 401, exchange.getRequestMethod(), new byte[0]);
            return Optional.empty();
        }
        if (repo.gated) {
            exchange.getResponseHeaders().set("X-Error-Code", "GatedRepo");
            send(exchange, 403, exchange.getRequestMethod(), new byte[0]);
            return Optional.empty();
        }
        Revision found = repo.byRevision.get(revision);
        if (found == null) {
            exchange.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
            send(exchange, 404, exchange.getRequestMethod(), new byte[0]);
            return Optional.empty();
        }
        return Optional.of(found);
    }

    private static void send(HttpExchange exchange, int status, String method, byte[] body) throws IOException {
        if ("HEAD".equals(method) || body.length == 0) {
            if ("HEAD".equals(method) && body.length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
