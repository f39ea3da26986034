package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tokenizer.json held in memory (a classpath resource) loads as from a file and is named by its source. */
class InMemoryTokenizerJsonTest {
    static final Path SOURCE = Path.of("classpath:/some-tokenizer.json");

    @Test
    void aTokenizerJsonInMemoryEncodesAsTheSameFileWould() throws Exception {
        byte[] json = SmallTokenizers.wordPieceJson("zebrafish").getBytes(StandardCharsets.UTF_8);
        try (Tokenizer tokenizer = TokenizerLoader.load(SOURCE, json)) {
            assertEquals(SOURCE.toString(), tokenizer.source());
            assertEquals(SmallTokenizers.BERT_VOCAB.size() + 1, tokenizer.vocabulary().size());
            long[] ids = tokenizer.encode("Zebrafish").ids();
            assertEquals(SmallTokenizers.BERT_VOCAB.size(), ids[1], "the added token, lower-cased by the normalizer");
        }
    }

    @Test
    void invalidJsonIsAFileFormatExceptionNamingTheSource() {
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> TokenizerLoader.load(SOURCE, "{\"model\": ".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SOURCE, e.file());
        assertTrue(e.getMessage().startsWith(SOURCE + ": is not valid JSON"), e.getMessage());
    }
}
