package org.embeddingstudio.app.ui.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.embeddingstudio.core.hub.HubSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A local server speaking the Hub's listing and resolve protocol for the app's tests: {@code someone/tiny} (config,
 * weights, vocab and a README the download must skip, all plain git files), {@code someone/private} (401), any other
 * id 404.
 */
final class LocalHub implements AutoCloseable {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final HttpServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    LocalHub() throws IOException {
        files.put("config.json", "{\"model_type\": \"bert\"}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors", new byte[3000]);
        files.put("vocab.txt", "[PAD]\n[UNK]\n".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "# not needed".getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange);
            }
        });
        server.start();
    }

    HubSettings settings(Path cacheRoot, boolean offline) {
        return new HubSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), cacheRoot,
                Optional.empty(), offline);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resolve = "/someone/tiny/resolve/" + COMMIT + "/";
        if (path.contains("someone/private")) {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            exchange.sendResponseHeaders(401, -1);
        } else if (path.equals("/api/models/someone/tiny/revision/main")) {
            StringBuilder siblings = new StringBuilder();
            files.forEach((name, content) -> siblings.append(siblings.isEmpty() ? "" : ",")
                    .append("{\"rfilename\":\"").append(name).append("\",\"size\":").append(content.length)
                    .append('}'));
            byte[] body = ("{\"sha\":\"" + COMMIT + "\",\"siblings\":[" + siblings + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
            byte[] content = files.get(path.substring(resolve.length()));
            exchange.getResponseHeaders().set("X-Repo-Commit", COMMIT);
            exchange.getResponseHeaders().set("ETag", "\"" + gitBlobSha1(content) + "\"");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, content.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        } else {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            exchange.sendResponseHeaders(404, -1);
        }
    }

    private static String gitBlobSha1(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
