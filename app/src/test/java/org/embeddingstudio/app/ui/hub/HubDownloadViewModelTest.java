package org.embeddingstudio.app.ui.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hub dialog's view model against a local server speaking the Hub's file protocol; no screen. */
class HubDownloadViewModelTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;
    private HttpServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void startHub() throws IOException {
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

    @AfterEach
    void stopHub() {
        server.stop(0);
    }

    @Test
    void listingShowsTheNeededFilesWithSizesAndDownloadFillsEveryBar() {
        HubDownloadViewModel hub = viewModel(false);
        hub.idProperty().set("someone/tiny");

        hub.listFiles();

        assertEquals(List.of("config.json", "vocab.txt", "model.safetensors"),
                hub.files().stream().map(HubFileRow::name).toList());
        assertEquals("2.9 KB", hub.files().get(2).size());
        assertTrue(hub.messageProperty().get().startsWith("3 files"), hub.messageProperty().get());
        hub.download();

        assertFalse(hub.failedProperty().get(), hub.messageProperty().get());
        assertEquals(temp.resolve("hub/models--someone--tiny/snapshots").resolve(COMMIT),
                hub.downloadedProperty().get().folder());
        assertEquals(List.of("done", "done", "done"), hub.files().stream().map(r -> r.statusProperty().get()).toList());
        assertTrue(hub.files().stream().allMatch(r -> r.progressProperty().get() == 1.0));

        HubDownloadViewModel again = viewModel(false);
        again.idProperty().set("someone/tiny");
        again.download();
        assertEquals(List.of("cached", "cached", "cached"),
                again.files().stream().map(r -> r.statusProperty().get()).toList());
    }

    @Test
    void aPrivateModelSaysHowToSetAToken() {
        HubDownloadViewModel hub = viewModel(false);
        hub.idProperty().set("someone/private");

        hub.download();

        assertTrue(hub.failedProperty().get());
        assertTrue(hub.messageProperty().get().startsWith("Access denied"), hub.messageProperty().get());
        assertTrue(hub.messageProperty().get().contains("HF_TOKEN"), hub.messageProperty().get());
        assertNull(hub.downloadedProperty().get());
        assertFalse(hub.busyProperty().get());
    }

    @Test
    void anUnknownModelIsNotFound() {
        HubDownloadViewModel hub = viewModel(false);
        hub.idProperty().set("someone/absent");

        hub.listFiles();

        assertTrue(hub.messageProperty().get().startsWith("Not found"), hub.messageProperty().get());
        assertTrue(hub.files().isEmpty());
    }

    @Test
    void offlineTheMessageNamesWhatIsCached() {
        HubDownloadViewModel online = viewModel(false);
        online.idProperty().set("someone/tiny");
        online.download();
        HubDownloadViewModel offline = viewModel(true);

        offline.idProperty().set("xlm-roberta-base");
        offline.download();
        assertTrue(offline.messageProperty().get().startsWith("No connection"), offline.messageProperty().get());
        assertTrue(offline.messageProperty().get().contains("someone/tiny"), offline.messageProperty().get());

        offline.idProperty().set("someone/tiny");
        offline.download();
        assertTrue(offline.downloadedProperty().get().fromCache());
    }

    @Test
    void onlyAWellFormedIdCanBeListed() {
        HubDownloadViewModel hub = viewModel(false);
        hub.idProperty().set("not an id");
        assertFalse(hub.canStartBinding().get());
        hub.idProperty().set("xlm-roberta-base");
        assertTrue(hub.canStartBinding().get());
    }

    private HubDownloadViewModel viewModel(boolean offline) {
        HubSettings settings = new HubSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                temp.resolve("hub"), Optional.empty(), offline);
        return new HubDownloadViewModel(new HubClient(settings), new ImmediateTaskRunner(),
                new FxBridge(Runnable::run));
    }

    /** The Hub's listing and resolve protocol for one public and one private repository, plain git files only. */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
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
        } else if (path.startsWith("/someone/tiny/resolve/" + COMMIT + "/")) {
            byte[] content = files.get(path.substring(("/someone/tiny/resolve/" + COMMIT + "/").length()));
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
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
