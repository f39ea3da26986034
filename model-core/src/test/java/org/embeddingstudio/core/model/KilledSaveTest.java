package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.testing.KilledChild;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                KilledChild.killAfterReady(SaveUntilKilled.class, random.nextInt(400), root.toString());
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
