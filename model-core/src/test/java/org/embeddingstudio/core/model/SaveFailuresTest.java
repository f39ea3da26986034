package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.io.SaveFailedException;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A save that the file system refuses (read-only folder, full disk, path too long) ends with a
 * {@link SaveFailedException} that says why, and the files saved there before stay byte for byte as they were.
 * The read-only folder is made with {@code chattr +i} and the full disk is a tiny tmpfs, both of which need root,
 * as our test machines and CI run: under CI (the {@code CI} variable set) a missing privilege fails the test; on a
 * developer's machine without root the test is skipped with the reason, never passed.
 */
class SaveFailuresTest {
    @TempDir
    Path temp;

    private Tokenizer small;
    private Tokenizer large;
    private AdapterModel model;

    @BeforeEach
    void setUp() {
        small = TestTokenizers.wordPiece(temp.resolve("small"), SaveUntilKilled.SMALL_WORDS);
        large = TestTokenizers.wordPiece(temp.resolve("large"), SaveUntilKilled.LARGE_WORDS);
        model = AdapterModel.random(SaveUntilKilled.CONFIG, small, Device.cpu(), 3);
        model.addEmbeddings("small", small);
        model.addEmbeddings("large", large);
        model.addAdapter("seq", BottleneckConfig.seqBn());
        model.addAdapter("double", BottleneckConfig.doubleSeqBn());
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    @Test
    void savingIntoAnImmutableFolderSaysItIsReadOnlyAndKeepsThePreviousSave() throws Exception {
        Path embedding = temp.resolve("embedding");
        Path adapter = temp.resolve("adapter");
        model.saveEmbeddings(embedding, "small", small);
        model.saveAdapter(adapter, "seq", false);
        Map<Path, byte[]> before = contents(embedding);
        before.putAll(contents(adapter));
        runPrivileged("chattr", "+i", embedding.toString(), adapter.toString());
        try {
            SaveFailedException e = assertThrows(SaveFailedException.class,
                    () -> model.saveEmbeddings(embedding, "large", large));
            assertEquals(embedding + ": could not save here: the folder is read-only or you may not write to it;"
                    + " the files saved here before are unchanged", e.getMessage());
            SaveFailedException adapterError = assertThrows(SaveFailedException.class,
                    () -> model.saveAdapter(adapter, "double", false));
            assertTrue(adapterError.getMessage().contains("read-only"), adapterError.getMessage());
        } finally {
            run("chattr", "-i", embedding.toString(), adapter.toString());
        }
        Map<Path, byte[]> after = contents(embedding);
        after.putAll(contents(adapter));
        assertSameFiles(before, after);
        assertPreviousSaveLoads(embedding, adapter);
    }

    @Test
    void savingOnAFullDiskSaysSoAndKeepsThePreviousSave() throws Exception {
        Path mount = Files.createDirectories(temp.resolve("small-disk"));
        runPrivileged("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
        try {
            Path embedding = mount.resolve("embedding");
            Path adapter = mount.resolve("adapter");
            model.saveEmbeddings(embedding, "small", small);
            model.saveAdapter(adapter, "seq", false);
            Map<Path, byte[]> before = contents(embedding);
            before.putAll(contents(adapter));
            fill(mount.resolve("filler"));

            SaveFailedException e = assertThrows(SaveFailedException.class,
                    () -> model.saveEmbeddings(embedding, "large", large));
            assertEquals(embedding + ": could not save here: the disk is full; the files saved here before are"
                    + " unchanged", e.getMessage());
            SaveFailedException adapterError = assertThrows(SaveFailedException.class,
                    () -> model.saveAdapter(adapter, "double", false));
            assertTrue(adapterError.getMessage().contains("the disk is full"), adapterError.getMessage());

            Map<Path, byte[]> after = contents(embedding);
            after.putAll(contents(adapter));
            assertSameFiles(before, after);
            assertPreviousSaveLoads(embedding, adapter);
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void savingUnderANameTooLongForTheFileSystemSaysSo() {
        Path folder = temp.resolve("e".repeat(300));
        SaveFailedException e = assertThrows(SaveFailedException.class,
                () -> model.saveEmbeddings(folder, "small", small));
        assertTrue(e.getMessage().startsWith(folder + ": could not save here: the path is too long for the file"
                + " system"), e.getMessage());
    }

    private void assertPreviousSaveLoads(Path embedding, Path adapter) throws IOException {
        Tokenizer loaded = model.loadEmbeddings(embedding, "reloaded").orElseThrow();
        assertEquals(small.vocabulary().tokens(), loaded.vocabulary().tokens());
        String reloaded = model.loadAdapter(adapter, "reloaded_adapter");
        assertEquals(BottleneckConfig.seqBn(), model.adapterConfig(reloaded));
    }

    private static void assertSameFiles(Map<Path, byte[]> before, Map<Path, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "the files of the previous save");
        before.forEach((file, bytes) -> assertTrue(Arrays.equals(bytes, after.get(file)), file + " changed"));
    }

    private static Map<Path, byte[]> contents(Path folder) throws IOException {
        Map<Path, byte[]> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                contents.put(path, Files.readAllBytes(path));
            }
        }
        return contents;
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            // the disk is full now
        }
    }

    /** Sets up what needs root: skipped with the reason on a machine without it, failed under CI. */
    private static void runPrivileged(String... command) throws IOException, InterruptedException {
        try {
            run(command);
        } catch (IllegalStateException e) {
            if (System.getenv("CI") != null) {
                throw e;
            }
            Assumptions.assumeTrue(false, e.getMessage());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exit + "): " + output
                    + " — these tests need root, as on our test machines");
        }
    }
}
