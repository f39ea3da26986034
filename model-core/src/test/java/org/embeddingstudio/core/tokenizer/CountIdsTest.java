package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.TestTokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CountIdsTest {
    @TempDir
    Path temp;

    @Test
    void countsTheIdsEncodingWouldGiveWithoutSpecialTokens() {
        try (Tokenizer tokenizer = TestTokenizers.wordPiece(temp, List.of("the", "cat", "sat", "on", "mat", "##s"))) {
            List<String> texts = List.of("the cat sat on the mat", "cats", "the dog", "");
            long[] counts = new long[tokenizer.vocabulary().size()];

            tokenizer.countIds(texts, counts);

            long[] expected = new long[counts.length];
            for (Encoding encoding : tokenizer.encodeBatch(texts, EncodeOptions.defaults().withSpecialTokens(false))) {
                for (long id : encoding.ids()) {
                    expected[(int) id]++;
                }
            }
            assertArrayEquals(expected, counts);
            assertEquals(3, counts[tokenizer.vocabulary().id("the").orElseThrow()]);
            assertEquals(1, counts[tokenizer.vocabulary().id("[UNK]").orElseThrow()], "dog is unknown");
            assertEquals(0, counts[tokenizer.vocabulary().id("[CLS]").orElseThrow()], "no special tokens added");
        }
    }
}
