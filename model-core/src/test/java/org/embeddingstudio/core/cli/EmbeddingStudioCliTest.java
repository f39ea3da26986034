package org.embeddingstudio.core.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingStudioCliTest {
    @Test
    void helpListsEveryCommand() {
        CliFixtures.Run run = CliFixtures.run("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[]{"info", "add-embeddings", "embed", "fill-mask"}) {
            assertTrue(run.out().contains(command), run.out());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"info", "add-embeddings", "embed", "fill-mask"}) {
            CliFixtures.Run run = CliFixtures.run(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Usage: embedding-studio " + command), run.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliFixtures.Run run = CliFixtures.run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing command"), run.err());
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorWithoutAStackTrace() {
        CliFixtures.Run run = CliFixtures.run("embed", "--text", "the cat");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: Missing required options: '--model=DIR|ID'"), run.err());
        assertTrue(run.err().contains("Try 'embedding-studio embed --help' for more information."), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMisspelledOptionGetsASuggestion() {
        CliFixtures.Run run = CliFixtures.run("embed", "--modle", "x", "--text", "t", "--out", "x.json");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--model"), run.err());
    }

    @Test
    void verboseShowsTheStackTraceOfAFailure() {
        CliFixtures.Run run = CliFixtures.run("info", "no/such/file.pt", "--verbose");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: no/such/file.pt: no such file or folder"), run.err());
        assertTrue(run.err().contains("NoSuchFileException"), run.err());
    }

    @Test
    void theEngineStaysOfflineUnlessTheUserSaidOtherwise() {
        CliFixtures.run("--help");
        assertEquals("true", System.getProperty(RuntimeDefaults.DJL_OFFLINE));
    }
}
