package org.embeddingstudio.core.hub;

import org.embeddingstudio.core.interop.RealLibraries;
import org.embeddingstudio.core.task.CancellationToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cache is shared with Python's real {@code huggingface_hub}, both ways, against the local Hub. Runs with the
 * Python of {@code EMBEDDING_STUDIO_HF_PYTHON}, else the interop environment's ({@link RealLibraries}: skipped where
 * it cannot be had, failed under CI).
 */
@Tag("python-interop")
class PythonHubInteropTest {
    private static final Path TINY_BERT = Path.of("src/test/resources/reference/tiny-bert");
    private static final List<String> FILES = List.of("config.json", "model.safetensors", "vocab.txt");
    private static final String DOWNLOAD = """
            import sys
            from huggingface_hub import hf_hub_download
            for name in sys.argv[2:]:
                print(hf_hub_download(sys.argv[1], name))
            """;

    @TempDir
    Path temp;
    private HubTestServer hub;
    private Map<String, byte[]> files;
    private String commit;

    @BeforeEach
    void publish() throws IOException {
        hub = HubTestServer.start();
        files = new LinkedHashMap<>();
        files.put("config.json", Files.readAllBytes(TINY_BERT.resolve("config.json")));
        files.put("model.safetensors", Files.readAllBytes(TINY_BERT.resolve("model.safetensors")));
        files.put("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n".getBytes(StandardCharsets.UTF_8));
        commit = hub.publish("someone/tiny-bert", files);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void whatPythonFetchedIsUsedHereWithoutDownloading() throws Exception {
        String python = pythonWithHuggingFaceHub();
        Path cache = temp.resolve("python-cache");
        List<String> printed = python(python, cache, false);
        Path snapshot = cache.resolve("models--someone--tiny-bert/snapshots").resolve(commit);
        assertEquals(FILES.stream().map(f -> snapshot.resolve(f).toString()).toList(), printed);
        hub.clearRequests();

        HubSnapshot online = client(cache, false).download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());
        HubSnapshot offline = client(cache, true).download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        assertEquals(snapshot, online.folder());
        assertEquals(snapshot, offline.folder());
        assertEquals(List.of("GET /api/models/someone/tiny-bert/revision/main"),
                hub.requests().stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void whatWasFetchedHereIsUsedByPythonOfflineAndItsBlobsOnline() throws Exception {
        String python = pythonWithHuggingFaceHub();
        Path cache = temp.resolve("java-cache");
        HubSnapshot snapshot = client(cache, false).download(HubRepoId.parse("someone/tiny-bert"),
                HubContent.MODEL, HubDownloadListener.none(), CancellationToken.none());

        List<String> offline = python(python, cache, true);
        assertEquals(FILES.stream().map(f -> snapshot.folder().resolve(f).toString()).toList(), offline);
        for (String file : FILES) {
            assertArrayEquals(files.get(file), Files.readAllBytes(Path.of(offline.get(FILES.indexOf(file)))));
        }

        // Without the snapshot links Python must find the blobs by the names given here, or download again.
        deleteRecursively(snapshot.folder());
        hub.clearRequests();
        List<String> online = python(python, cache, false);
        assertEquals(offline, online);
        assertEquals(List.of(), hub.requests().stream().filter(r -> r.method().equals("GET")).toList());
    }

    private HubClient client(Path cache, boolean offline) {
        return new HubClient(new HubSettings(hub.endpoint(), cache, Optional.empty(), offline),
                HubProtocol.defaultHttpClient(), 10);
    }

    private List<String> python(String python, Path cache, boolean offline) throws Exception {
        List<String> command = new ArrayList<>(List.of(python, "-c", DOWNLOAD, "someone/tiny-bert"));
        command.addAll(FILES);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGINGFACE"));
        environment.put("HF_ENDPOINT", hub.endpoint().toString());
        environment.put("HF_HUB_CACHE", cache.toString());
        environment.put("HF_HOME", temp.resolve("python-home").toString());
        environment.put("HF_HUB_DISABLE_TELEMETRY", "1");
        environment.put("HF_HUB_DISABLE_XET", "1");
        if (offline) {
            environment.put("HF_HUB_OFFLINE", "1");
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), err);
        return out.lines().toList();
    }

    /** {@code EMBEDDING_STUDIO_HF_PYTHON} if set, else the interop environment's (which has huggingface_hub). */
    private static String pythonWithHuggingFaceHub() throws InterruptedException {
        String python = System.getenv("EMBEDDING_STUDIO_HF_PYTHON");
        if (python == null) {
            return RealLibraries.python();
        }
        try {
            Process probe = new ProcessBuilder(python, "-c", "import huggingface_hub").redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                    python + " has no huggingface_hub");
        } catch (IOException e) {
            assumeTrue(false, "no " + python + ": " + e.getMessage());
        }
        return python;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
