package org.embeddingstudio.app.demo;

import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GermanDemoVocabularyTest {
    @TempDir
    Path cache;

    @Test
    void aVocabularyCachedByTheOldTrainerIsNeitherReusedNorKept() throws Exception {
        // The name an earlier version gave the cache: no trainer version, a hash of texts and settings.
        Path stale = Files.writeString(cache.resolve("german-vocab-0123456789abcdef.txt"),
                "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n");
        GermanDemoVocabulary vocabulary = new GermanDemoVocabulary(cache);
        try (Tokenizer tokenizer = vocabulary.load(fraction -> { })) {
            List<String> tokens = tokenizer.vocabulary().tokens();
            assertTrue(tokens.size() > 1000, "size " + tokens.size());
            assertTrue(tokens.containsAll(List.of("die", "der", "und", "ein", "in", "ist", "##en", "##er")),
                    "the commonest German words and endings are tokens");
        }
        assertFalse(Files.exists(stale));
        Path cached = vocabulary.cacheFile(GermanDemoTexts.read());
        assertTrue(Files.isRegularFile(cached));
        assertTrue(cached.getFileName().toString().startsWith("german-vocab-v" + GermanDemoVocabulary.TRAINER_VERSION
                + "-"), cached.toString());
    }
}
