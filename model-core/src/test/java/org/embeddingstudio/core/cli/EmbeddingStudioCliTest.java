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
        assertTrue(run.err().contains("--model"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void theEngineStaysOfflineUnlessTheUserSaidOtherwise() {
        CliFixtures.run("--help");
        assertEquals("true", System.getProperty(RuntimeDefaults.DJL_OFFLINE));
    }
}
