package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a separate JVM with SIGKILL at random moments while it saves embeddings and adapters, again and again into
 * the same folders. After every kill both folders must load as one complete save (an embedding's tokenizer always
 * matching its matrix) and, once loaded, hold no temporary file.
 */
class KilledSaveTest {
    private static final int TRIALS = Integer.getInteger("killedSave.trials", 30);

    @TempDir
    Path root;

    @Test
    void aSaveKilledAtAnyMomentLeavesACompleteLoadableSave() throws Exception {
        Random random = new Random(Long.getLong("killedSave.seed", System.nanoTime()));
        Tokenizer reference = TestTokenizers.wordPiece(root.resolve("reference"), SaveUntilKilled.SMALL_WORDS);
        int leftoversSeenAfterKills = 0;
        try (AdapterModel checker = AdapterModel.random(SaveUntilKilled.CONFIG, reference, Device.cpu(), 1)) {
            for (int trial = 0; trial < TRIALS; trial++) {
                killDuringSaves(random.nextInt(400));
                leftoversSeenAfterKills += hiddenFiles().size();

                String name = "trial" + trial;
                Tokenizer tokenizer = checker.loadEmbeddings(root.resolve("embedding"), name).orElseThrow();
                int rows = checker.embedding(name).rows();
                assertEquals(tokenizer.vocabulary().size(), rows, "trial " + trial + ": tokenizer and matrix of"
                        + " different saves");
                assertTrue(rows == sizeOf("small") || rows == sizeOf("large"), "trial " + trial + ": " + rows);
                checker.deleteEmbeddings(name);

                String adapter = checker.loadAdapter(root.resolve("adapter"), null);
                assertTrue(List.of("seq", "double").contains(adapter), adapter);
                checker.deleteAdapter(adapter);

                assertEquals(List.of(), hiddenFiles(), "trial " + trial + ": temporary files left after loading");
            }
        }
        System.out.printf("KilledSaveTest: %d kills during saves, 0 saves lost, %d temporary files found right after"
                + " the kills and cleaned up by the next load%n", TRIALS, leftoversSeenAfterKills);
    }

    private void killDuringSaves(int delayMillis) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process process = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), SaveUntilKilled.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                fail("the saving process did not start (exit " + process.waitFor() + ")");
            }
            Thread.sleep(delayMillis);
            process.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private int sizeOf(String which) {
        return TestTokenizers.SPECIALS.size()
                + (which.equals("small") ? SaveUntilKilled.SMALL_WORDS : SaveUntilKilled.LARGE_WORDS).size();
    }

    /** Our temporary files, staged content and journals all start with a dot. */
    private List<Path> hiddenFiles() throws IOException {
        List<Path> hidden = new ArrayList<>();
        for (String folder : List.of("embedding", "adapter")) {
            try (Stream<Path> paths = Files.walk(root.resolve(folder))) {
                paths.filter(p -> p.getFileName().toString().startsWith(".")).forEach(hidden::add);
            }
        }
        return hidden;
    }
}
