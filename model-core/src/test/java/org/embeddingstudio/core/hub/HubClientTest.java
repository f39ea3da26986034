package org.embeddingstudio.core.hub;

import ai.djl.Device;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubClientTest {
    private static final Path TINY_BERT = Path.of("src/test/resources/reference/tiny-bert");

    @TempDir
    Path temp;
    private HubTestServer hub;
    private Path cacheRoot;

    @BeforeEach
    void startHub() throws IOException {
        hub = HubTestServer.start();
        cacheRoot = temp.resolve("hf/hub");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void aModelIsFetchedIntoTheHuggingFaceCacheLayoutAndLoads() throws Exception {
        Map<String, byte[]> files = tinyBert();
        files.put("README.md", "# tiny".getBytes(StandardCharsets.UTF_8));
        files.put("tf_model.h5", new byte[]{1, 2, 3});
        String commit = hub.publish("someone/tiny-bert", files);

        HubSnapshot snapshot = client().download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        Path repository = cacheRoot.resolve("models--someone--tiny-bert");
        assertEquals(repository.resolve("snapshots").resolve(commit), snapshot.folder());
        assertEquals(commit, Files.readString(repository.resolve("refs/main")));
        byte[] weights = files.get("model.safetensors");
        assertEquals(Path.of("../../blobs/" + HubTestServer.sha256Hex(weights)),
                Files.readSymbolicLink(snapshot.folder().resolve("model.safetensors")));
        assertEquals(Path.of("../../blobs/" + HubTestServer.gitBlobSha1(files.get("config.json"))),
                Files.readSymbolicLink(snapshot.folder().resolve("config.json")));
        assertArrayEquals(weights, Files.readAllBytes(snapshot.folder().resolve("model.safetensors")));
        assertEquals(List.of("config.json", "model.safetensors", "vocab.txt"), fileNames(snapshot.folder()));
        assertEquals(List.of(), leftovers(repository));
        try (AdapterModel model = ModelLoader.load(snapshot.folder(), Device.cpu())) {
            assertEquals(32, model.config().hiddenSize());
        }
        assertEquals(List.of(new HuggingFaceCache.CachedModel("someone/tiny-bert", commit, snapshot.folder())),
                new HuggingFaceCache(cacheRoot).models());

        hub.clearRequests();
        HubSnapshot again = client().download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());
        assertEquals(snapshot.folder(), again.folder());
        assertEquals(List.of("GET /api/models/someone/tiny-bert/revision/main"),
                hub.requests().stream().map(r -> r.method() + " " + r.path()).toList(),
                "a cached snapshot is only checked for a newer commit, never fetched again");
    }

    @Test
    void aDroppedConnectionIsResumedWhereItStopped() throws Exception {
        byte[] weights = randomBytes(300_000, 1);
        Map<String, byte[]> files = new LinkedHashMap<>(Map.of("config.json", "{}".getBytes(StandardCharsets.UTF_8),
                "model.safetensors", weights));
        hub.publish("someone/flaky", files);
        hub.dropConnectionOnce(weights, 100_000);
        List<Long> progress = new ArrayList<>();

        HubSnapshot snapshot = client().download(HubRepoId.parse("someone/flaky"), HubContent.MODEL,
                new HubDownloadListener() {
                    @Override
                    public void fileProgress(HubFile file, long bytesDone) {
                        if (file.path().equals("model.safetensors")) {
                            progress.add(bytesDone);
                        }
                    }
                }, CancellationToken.none());

        assertArrayEquals(weights, Files.readAllBytes(snapshot.folder().resolve("model.safetensors")));
        List<Optional<String>> ranges = hub.requests().stream().filter(r -> r.path().startsWith("/cdn/"))
                .map(HubTestServer.Request::range).toList();
        // Resumed from the bytes the client had: the server sent 100 000 before dropping the connection, of which
        // the last few kilobytes may be lost in flight (97 002 arrived in one run on a loaded machine).
        assertEquals(2, ranges.size(), ranges.toString());
        assertEquals(Optional.empty(), ranges.get(0));
        long resumedAt = Long.parseLong(ranges.get(1).orElseThrow().replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(resumedAt > 0 && resumedAt <= 100_000, "resumed at " + resumedAt);
        assertTrue(progress.contains(resumedAt), "the progress reached " + resumedAt + " before the resume");
        assertEquals(300_000L, progress.get(progress.size() - 1));
        assertEquals(List.of(), leftovers(cacheRoot.resolve("models--someone--flaky")));
    }

    @Test
    void aTransferCancelledInOneRunIsResumedByTheNext() throws Exception {
        byte[] weights = randomBytes(1_000_000, 2);
        hub.publish("someone/big", new LinkedHashMap<>(Map.of("config.json", "{}".getBytes(StandardCharsets.UTF_8),
                "model.safetensors", weights)));
        CancellationToken cancel = new CancellationToken();
        HubDownloadListener cancelMidFile = new HubDownloadListener() {
            @Override
            public void fileProgress(HubFile file, long bytesDone) {
                if (file.path().equals("model.safetensors") && bytesDone > 0) {
                    cancel.cancel();
                }
            }
        };

        assertThrows(HubDownloadCancelledException.class, () -> client().download(HubRepoId.parse("someone/big"),
                HubContent.MODEL, cancelMidFile, cancel));

        Path repository = cacheRoot.resolve("models--someone--big");
        Path incomplete = repository.resolve("blobs/" + HubTestServer.sha256Hex(weights) + ".incomplete");
        long kept = Files.size(incomplete);
        assertTrue(kept > 0 && kept < weights.length, "kept " + kept);
        assertFalse(Files.exists(repository.resolve("refs/main")), "a cancelled download is not a snapshot yet");
        hub.clearRequests();
        List<Long> startedAt = new ArrayList<>();

        HubSnapshot snapshot = client().download(HubRepoId.parse("someone/big"), HubContent.MODEL,
                new HubDownloadListener() {
                    @Override
                    public void fileStarted(HubFile file, long bytesDone) {
                        startedAt.add(bytesDone);
                    }
                }, CancellationToken.none());

        assertArrayEquals(weights, Files.readAllBytes(snapshot.folder().resolve("model.safetensors")));
        assertEquals(List.of(kept), startedAt);
        assertEquals(List.of(Optional.of("bytes=" + kept + "-")), hub.requests().stream()
                .filter(r -> r.path().startsWith("/cdn/")).map(HubTestServer.Request::range).toList());
    }

    @Test
    void aPrivateModelNeedsTheTokenAndTheMessageSaysHowToSetIt() throws Exception {
        hub.publish("someone/private", tinyBert());
        hub.requireToken("someone/private", "hf_secret");

        HubAccessDeniedException denied = assertThrows(HubAccessDeniedException.class,
                () -> client().download(HubRepoId.parse("someone/private"), HubContent.MODEL,
                        HubDownloadListener.none(), CancellationToken.none()));
        assertEquals(401, denied.status());
        assertTrue(denied.getMessage().contains("set HF_TOKEN"), denied.getMessage());
        assertFalse(Files.exists(cacheRoot.resolve("models--someone--private/snapshots")));

        HubSettings withToken = settings().withToken("hf_secret");
        HubSnapshot snapshot = new HubClient(withToken, HubProtocol.defaultHttpClient(), 10)
                .download(HubRepoId.parse("someone/private"), HubContent.MODEL, HubDownloadListener.none(),
                        CancellationToken.none());
        assertTrue(Files.isRegularFile(snapshot.folder().resolve("model.safetensors")));
        assertTrue(hub.requests().stream().anyMatch(r -> r.authorization().equals(Optional.of("Bearer hf_secret"))));
        assertEquals(List.of(Optional.empty()), hub.requests().stream().filter(r -> r.path().startsWith("/cdn/"))
                .map(HubTestServer.Request::authorization).toList(), "the token never leaves the Hub's host");
    }

    @Test
    void aGatedModelSaysWhereToAcceptItsConditions() throws Exception {
        hub.publish("org/gated", tinyBert());
        hub.gate("org/gated");

        HubAccessDeniedException denied = assertThrows(HubAccessDeniedException.class,
                () -> client().download(HubRepoId.parse("org/gated"), HubContent.MODEL, HubDownloadListener.none(),
                        CancellationToken.none()));

        assertEquals(403, denied.status());
        assertTrue(denied.getMessage().contains("gated"), denied.getMessage());
        assertTrue(denied.getMessage().contains(hub.endpoint() + "/org/gated"), denied.getMessage());
    }

    @Test
    void aMissingRepositoryRevisionOrFileIsNamed() throws Exception {
        hub.publish("someone/tiny-bert", tinyBert());
        hub.publish("someone/tokenizer-only", Map.of("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8)));

        HubNotFoundException noRepo = assertThrows(HubNotFoundException.class, () -> client().download(
                HubRepoId.parse("someone/absent"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));
        assertTrue(noRepo.getMessage().contains("someone/absent: no such repository"), noRepo.getMessage());

        HubNotFoundException noRevision = assertThrows(HubNotFoundException.class, () -> client().download(
                HubRepoId.parse("someone/tiny-bert@v9"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));
        assertTrue(noRevision.getMessage().contains("no such revision 'v9'"), noRevision.getMessage());

        HubNotFoundException notAModel = assertThrows(HubNotFoundException.class, () -> client().download(
                HubRepoId.parse("someone/tokenizer-only"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));
        assertTrue(notAModel.getMessage().contains("no config.json"), notAModel.getMessage());
    }

    @Test
    void aFileWhoseContentDoesNotMatchItsHashIsRefusedAndNothingIsLeftBehind() throws Exception {
        Map<String, byte[]> files = tinyBert();
        hub.publish("someone/tampered", files);
        hub.corrupt(files.get("model.safetensors"));

        HubIntegrityException refused = assertThrows(HubIntegrityException.class, () -> client().download(
                HubRepoId.parse("someone/tampered"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));

        assertTrue(refused.getMessage().contains("does not match the hash"), refused.getMessage());
        Path repository = cacheRoot.resolve("models--someone--tampered");
        String sha = HubTestServer.sha256Hex(files.get("model.safetensors"));
        assertFalse(Files.exists(repository.resolve("blobs").resolve(sha)));
        assertFalse(Files.exists(repository.resolve("blobs").resolve(sha + ".incomplete")));
        try (Stream<Path> snapshots = Files.list(repository.resolve("snapshots"))) {
            for (Path snapshot : snapshots.toList()) {
                assertFalse(Files.exists(snapshot.resolve("model.safetensors"), LinkOption.NOFOLLOW_LINKS));
            }
        }
        assertFalse(Files.exists(repository.resolve("refs/main")));
    }

    @Test
    void offlineTheCacheServesWithoutAnyRequestAndAnUncachedModelIsExplained() throws Exception {
        hub.publish("someone/tiny-bert", tinyBert());
        HubSnapshot online = client().download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());
        hub.clearRequests();
        HubClient offline = new HubClient(HubSettings.fromEnvironment(Map.of("HF_HOME", temp.resolve("hf").toString(),
                "HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_OFFLINE", "1")));

        HubSnapshot cached = offline.download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        assertEquals(online.folder(), cached.folder());
        assertTrue(cached.fromCache());
        assertEquals(List.of(), hub.requests());
        HubOfflineException missing = assertThrows(HubOfflineException.class, () -> offline.download(
                HubRepoId.parse("xlm-roberta-base"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));
        assertTrue(missing.getMessage().contains("HF_HUB_OFFLINE"), missing.getMessage());
        assertTrue(missing.getMessage().contains("the cache holds: someone/tiny-bert"), missing.getMessage());
        assertEquals(List.of("someone/tiny-bert"), missing.cached());
    }

    @Test
    void withoutNetworkTheCachedSnapshotIsUsed() throws Exception {
        hub.publish("someone/tiny-bert", tinyBert());
        HubSnapshot online = client().download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        HubClient unreachable = new HubClient(new HubSettings(closedPort, cacheRoot, Optional.empty(), false),
                HubProtocol.defaultHttpClient(), 10);

        HubSnapshot cached = unreachable.download(HubRepoId.parse("someone/tiny-bert"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        assertEquals(online.folder(), cached.folder());
        assertTrue(cached.fromCache());
        HubOfflineException missing = assertThrows(HubOfflineException.class, () -> unreachable.download(
                HubRepoId.parse("someone/other"), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none()));
        assertTrue(missing.getMessage().startsWith("cannot reach " + closedPort), missing.getMessage());
    }

    /** The layout huggingface_hub writes, built by hand: blobs by ETag, relative symlinks, refs/main. */
    @Test
    void aCacheWrittenByPythonIsReadBackWithoutDownloading() throws Exception {
        Map<String, byte[]> files = tinyBert();
        String commit = hub.publish("bert-base-multilingual-cased", files);
        Path repository = cacheRoot.resolve("models--bert-base-multilingual-cased");
        Path snapshot = Files.createDirectories(repository.resolve("snapshots").resolve(commit));
        Files.createDirectories(repository.resolve("blobs"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String etag = HubTestServer.isLfs(file.getKey()) ? HubTestServer.sha256Hex(file.getValue())
                    : HubTestServer.gitBlobSha1(file.getValue());
            Files.write(repository.resolve("blobs").resolve(etag), file.getValue());
            Files.createSymbolicLink(snapshot.resolve(file.getKey()), Path.of("../../blobs").resolve(etag));
        }
        Files.createDirectories(repository.resolve("refs"));
        Files.writeString(repository.resolve("refs/main"), commit);

        HubSnapshot online = client().download(HubRepoId.parse("bert-base-multilingual-cased"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());
        HubSnapshot offline = new HubClient(settings().withOffline(true)).download(
                HubRepoId.parse("bert-base-multilingual-cased"), HubContent.TOKENIZER, HubDownloadListener.none(),
                CancellationToken.none());

        assertEquals(snapshot, online.folder());
        assertEquals(snapshot, offline.folder());
        assertEquals(List.of("GET /api/models/bert-base-multilingual-cased/revision/main"),
                hub.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        Tokenizer tokenizer = TokenizerLoader.load(offline.folder());
        assertEquals(5, tokenizer.vocabulary().size());
    }

    @Test
    void aPinnedRevisionGetsItsOwnRefAndSnapshot() throws Exception {
        String main = hub.publish("someone/tiny-bert", tinyBert());
        Map<String, byte[]> older = tinyBert();
        older.put("config.json", Files.readString(TINY_BERT.resolve("config.json")).replace("\"bert\"", "\"bert\" ")
                .getBytes(StandardCharsets.UTF_8));
        String v1 = hub.publish("someone/tiny-bert", "v1.0", older);

        HubSnapshot pinned = client().download(HubRepoId.parse("someone/tiny-bert@v1.0"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        assertNotEquals(main, v1);
        Path repository = cacheRoot.resolve("models--someone--tiny-bert");
        assertEquals(v1, Files.readString(repository.resolve("refs/v1.0")));
        assertEquals(repository.resolve("snapshots").resolve(v1), pinned.folder());
        assertFalse(Files.exists(repository.resolve("refs/main")));
        HubSnapshot byCommit = new HubClient(settings().withOffline(true)).download(
                HubRepoId.parse("someone/tiny-bert@" + v1), HubContent.MODEL, HubDownloadListener.none(),
                CancellationToken.none());
        assertEquals(pinned.folder(), byCommit.folder());
    }

    @Test
    void shardedWeightsBringEveryShardTheIndexNamesAndNothingElse() throws Exception {
        byte[] first = randomBytes(5_000, 3);
        byte[] second = randomBytes(7_000, 4);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors.index.json", ("{\"metadata\":{},\"weight_map\":{"
                + "\"a.weight\":\"model-00001-of-00002.safetensors\","
                + "\"b.weight\":\"model-00002-of-00002.safetensors\"}}").getBytes(StandardCharsets.UTF_8));
        files.put("model-00001-of-00002.safetensors", first);
        files.put("model-00002-of-00002.safetensors", second);
        files.put("pytorch_model.bin", randomBytes(9_000, 5));
        files.put("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8));
        hub.publish("someone/sharded", files);

        HubPlan plan = client().plan(HubRepoId.parse("someone/sharded"), HubContent.MODEL, CancellationToken.none());
        assertEquals(List.of(new HubFile("config.json", 2), new HubFile("tokenizer.json", 2),
                new HubFile("model.safetensors.index.json", files.get("model.safetensors.index.json").length),
                new HubFile("model-00001-of-00002.safetensors", 5_000),
                new HubFile("model-00002-of-00002.safetensors", 7_000)), plan.files());
        HubSnapshot snapshot = client().download(plan, HubDownloadListener.none(), CancellationToken.none());

        assertArrayEquals(second, Files.readAllBytes(snapshot.folder().resolve("model-00002-of-00002.safetensors")));
        assertFalse(Files.exists(snapshot.folder().resolve("pytorch_model.bin")));
        HubSnapshot tokenizerOnly = client().download(HubRepoId.parse("someone/sharded"), HubContent.TOKENIZER,
                HubDownloadListener.none(), CancellationToken.none());
        assertEquals(List.of("config.json", "tokenizer.json"),
                tokenizerOnly.files().stream().map(HubFile::path).toList());
    }

    @Test
    void aRenamedRepositoryIsFollowedToItsNewName() throws Exception {
        String commit = hub.publish("new-owner/model", tinyBert());
        hub.rename("old-owner/model", "new-owner/model");

        HubSnapshot snapshot = client().download(HubRepoId.parse("old-owner/model"), HubContent.MODEL,
                HubDownloadListener.none(), CancellationToken.none());

        assertEquals(cacheRoot.resolve("models--old-owner--model/snapshots").resolve(commit), snapshot.folder());
        assertTrue(hub.requests().stream().anyMatch(r -> r.path().startsWith("/new-owner/model/resolve/")));
        assertTrue(Files.isRegularFile(snapshot.folder().resolve("config.json")));
    }

    private HubSettings settings() {
        return new HubSettings(hub.endpoint(), cacheRoot, Optional.empty(), false);
    }

    private HubClient client() {
        return new HubClient(settings(), HubProtocol.defaultHttpClient(), 10);
    }

    private static Map<String, byte[]> tinyBert() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", Files.readAllBytes(TINY_BERT.resolve("config.json")));
        files.put("model.safetensors", Files.readAllBytes(TINY_BERT.resolve("model.safetensors")));
        files.put("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Temporary and partial files anywhere in a repository's cache folder. */
    private static List<Path> leftovers(Path repository) throws IOException {
        try (Stream<Path> walk = Files.walk(repository)) {
            return walk.filter(p -> p.toString().endsWith(".incomplete") || p.toString().endsWith(".tmp")).toList();
        }
    }
}
