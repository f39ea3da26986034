package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.hub.HubTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.embeddingstudio.core.cli.InfoCommandTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code download ID} and Hub ids in place of model and tokenizer folders, against a local Hub. */
class DownloadCommandTest {
    @TempDir
    Path temp;
    private HubTestServer hub;
    private Path cacheRoot;
    private String commit;

    @BeforeEach
    void publishTinyBert() throws IOException {
        hub = HubTestServer.start();
        cacheRoot = temp.resolve("hf/hub");
        commit = hub.publish("someone/tiny-bert", files(CliFixtures.tinyModel(temp.resolve("published"))));
        hub.publish("someone/other-tokenizer", files(CliFixtures.otherVocabulary(temp.resolve("other")).getParent()));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void downloadFetchesIntoTheCacheAndPrintsTheSnapshotFolder() {
        CliFixtures.Run run = run(false, "download", "someone/tiny-bert");

        assertEquals(0, run.exitCode(), run.err());
        Path snapshot = cacheRoot.resolve("models--someone--tiny-bert/snapshots").resolve(commit);
        assertContainsAll(run.out(), "someone/tiny-bert @ " + commit, "config.json", "model.safetensors",
                "vocab.txt");
        assertTrue(run.out().strip().endsWith(snapshot.toString()), run.out());
        assertTrue(run.err().contains("downloading model.safetensors"), run.err());
        assertTrue(Files.isRegularFile(snapshot.resolve("model.safetensors")));

        CliFixtures.Run offline = run(true, "download", "someone/tiny-bert");
        assertEquals(0, offline.exitCode(), offline.err());
        assertContainsAll(offline.out(), "from the cache", snapshot.toString());
    }

    @Test
    void aHubIdServesAsModelAndAsTokenizer() throws IOException {
        Path out = temp.resolve("out");
        CliFixtures.Run run = run(false, "add-embeddings", "--model", "someone/tiny-bert", "--name", "other",
                "--tokenizer", "someone/other-tokenizer", "--reference", "default", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isDirectory(out), run.out());
        Path tokenizerSnapshot = cacheRoot.resolve("models--someone--other-tokenizer/snapshots");
        try (var snapshots = Files.list(tokenizerSnapshot)) {
            Path snapshot = snapshots.findFirst().orElseThrow();
            assertEquals(List.of("vocab.txt"), names(snapshot));
        }
    }

    @Test
    void anUnknownIdSaysNeitherAFolderNorAHubModel() {
        CliFixtures.Run run = run(false, "embed", "--model", "someone/absent", "--text", "x", "--out",
                temp.resolve("x.safetensors").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("someone/absent: no such file or folder here; as a Hugging Face Hub id: "
                + "someone/absent: no such repository"), run.err());
    }

    @Test
    void offlineWithoutTheModelCachedSaysWhatIsCached() {
        CliFixtures.Run run = run(true, "download", "xlm-roberta-base");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("HF_HUB_OFFLINE"), run.err());
        assertTrue(run.err().contains("the cache holds no models"), run.err());
    }

    @Test
    void aMalformedIdOrTwoRevisionsAreUsageErrors() {
        assertEquals(2, run(false, "download", "not a/valid/id").exitCode());
        assertEquals(2, run(false, "download", "someone/tiny-bert@v1", "--revision", "v2").exitCode());
    }

    private CliFixtures.Run run(boolean offline, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HubSettings settings = new HubSettings(hub.endpoint(), cacheRoot, Optional.empty(), offline);
        int exitCode = new EmbeddingStudioCli(new PrintWriter(out), new PrintWriter(err), settings).run(args);
        return new CliFixtures.Run(exitCode, out.toString(), err.toString());
    }

    private static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : names(folder)) {
            files.put(name, Files.readAllBytes(folder.resolve(name)));
        }
        return files;
    }

    private static List<String> names(Path folder) throws IOException {
        try (var list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
