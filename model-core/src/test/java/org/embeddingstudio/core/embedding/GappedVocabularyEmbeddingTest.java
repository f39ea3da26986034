package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.OverlapBreakdown;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * add_embeddings with vocabularies that leave ids without a token, on either side: such a row has no counterpart
 * (it is drawn, never copied), and every copied row goes from a token's real id to its real id.
 */
class GappedVocabularyEmbeddingTest {
    static final int DIM = 4;

    @TempDir
    Path temp;
    /** [PAD] [UNK] [CLS] [SEP] [MASK] · the cat the dog: "the" repeated, so id 5 has no token; the 7, cat 6, dog 8. */
    Tokenizer reference;
    /** [PAD] [UNK] [CLS] [SEP] [MASK] · dog x x cat zebra: id 6 has no token; dog 5, x 7, cat 8, zebra 9. */
    Tokenizer target;

    @BeforeEach
    void setUp() throws IOException {
        reference = load("reference", "the", "cat", "the", "dog");
        target = load("target", "dog", "x", "x", "cat", "zebra");
    }

    @AfterEach
    void tearDown() {
        reference.close();
        target.close();
    }

    private Tokenizer load(String name, String... tokens) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        Files.writeString(folder.resolve("vocab.txt"),
                "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n" + String.join("\n", tokens) + "\n");
        return TokenizerLoader.load(folder);
    }

    /** Reference row r is (4r, 4r+1, 4r+2, 4r+3). */
    private EmbeddingInitializer.Created create(NDManager manager, Tokenizer newTokenizer, Tokenizer referenceTokenizer,
                                                EmbeddingOptions options) {
        int rows = referenceTokenizer.vocabulary().size();
        TokenEmbedding embedding = new TokenEmbedding(manager, manager.arange((float) rows * DIM).reshape(rows, DIM),
                manager.zeros(new Shape(rows)), referenceTokenizer, new EmbeddingOrigin("test", "", "", "exact", 0),
                new byte[rows]);
        return EmbeddingInitializer.create(manager.newSubManager(), newTokenizer, DIM, 5,
                Optional.of(new EmbeddingInitializer.Reference(embedding, "default", referenceTokenizer)), "test",
                options);
    }

    private static float[] referenceRow(int row) {
        return new float[] {4 * row, 4 * row + 1, 4 * row + 2, 4 * row + 3};
    }

    @Test
    void rowsGoFromEachTokensRealIdToItsRealIdAndAnIdWithoutATokenIsDrawn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingInitializer.Created created = create(manager, target, reference, EmbeddingOptions.defaults());
            TokenEmbedding embedding = created.embedding();
            assertEquals(10, embedding.rows(), "one row per id, the gap included");
            assertArrayEquals(referenceRow(8), embedding.weight().get(5).toFloatArray()); // dog 5 ← dog 8
            assertArrayEquals(referenceRow(6), embedding.weight().get(8).toFloatArray()); // cat 8 ← cat 6
            assertArrayEquals(referenceRow(3), embedding.weight().get(3).toFloatArray()); // [SEP]
            assertEquals(RowOrigin.RANDOM, embedding.rowOrigin(6));
            float[] drawn = GaussianFill.draw(10 * DIM, 5, 0f, EmbeddingInitializer.STD);
            assertArrayEquals(Arrays.copyOfRange(drawn, 6 * DIM, 7 * DIM), embedding.weight().get(6).toFloatArray());
            assertEquals(7, created.copiedRows()); // the 5 special tokens, dog, cat
            assertEquals(3, created.randomRows()); // the gap, x, zebra
        }
    }

    @Test
    void theReferencesRowWithoutATokenIsNeverCopied() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Reversed: the reference now leaves id 6 without a token, the new vocabulary id 5.
            EmbeddingInitializer.Created created = create(manager, reference, target, EmbeddingOptions.defaults());
            TokenEmbedding embedding = created.embedding();
            assertEquals(9, embedding.rows());
            assertArrayEquals(referenceRow(8), embedding.weight().get(6).toFloatArray()); // cat 6 ← cat 8
            assertArrayEquals(referenceRow(5), embedding.weight().get(8).toFloatArray()); // dog 8 ← dog 5
            for (int row = 0; row < embedding.rows(); row++) {
                assertFalse(Arrays.equals(referenceRow(6), embedding.weight().get(row).toFloatArray()),
                        "row " + row + " copies the reference's row without a token");
            }
            assertEquals(RowOrigin.RANDOM, embedding.rowOrigin(5));
            assertEquals(RowOrigin.RANDOM, embedding.rowOrigin(7)); // "the"
        }
    }

    @Test
    void strategiesLeaveARowWithoutATokenDrawn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (InitStrategy strategy : new InitStrategy[] {InitStrategy.FVT, InitStrategy.MEAN}) {
                EmbeddingInitializer.Created created = create(manager, target, reference,
                        EmbeddingOptions.defaults().withInit(strategy));
                assertEquals(RowOrigin.RANDOM, created.embedding().rowOrigin(6), strategy.label());
            }
        }
    }

    @Test
    void theOverlapPairsRealIdsAndCountsNoTokenForTheGap() {
        for (MatchOptions options : new MatchOptions[] {MatchOptions.exact(), MatchOptions.normalized()}) {
            VocabularyOverlap overlap = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(), options);
            assertEquals(RowMapping.exactMatch(target.vocabulary(), reference.vocabulary()).size(), overlap.shared());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 8}, overlap.mapping().targetRows());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 8, 6}, overlap.mapping().referenceRows());
            assertEquals(1, overlap.targetIdsWithoutToken());
            assertEquals(1, overlap.referenceIdsWithoutToken());
            int classified = OverlapBreakdown.of(overlap, target.vocabulary()).byClass().values().stream()
                    .mapToInt(OverlapBreakdown.Counts::tokens).sum();
            assertEquals(9, classified, "the id without a token is in no class");
        }
    }
}
