package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InitStrategiesTest {
    /** Reference rows: row r is (4r, 4r+1, 4r+2, 4r+3), so means are easy to check by hand. */
    static final int DIM = 4;

    @TempDir
    Path temp;
    Tokenizer referenceTokenizer;
    Tokenizer tokenizer;

    @BeforeEach
    void setUp() {
        // ids 5..9: the cat ##s dog house
        referenceTokenizer = TestTokenizers.wordPiece(temp.resolve("reference"),
                List.of("the", "cat", "##s", "dog", "house"));
        // ids 5..9: the (shared) cats dogs ##house zebra
        tokenizer = TestTokenizers.wordPiece(temp.resolve("new"), List.of("the", "cats", "dogs", "##house", "zebra"));
    }

    private EmbeddingInitializer.Created create(NDManager manager, EmbeddingOptions options, long seed) {
        TokenEmbedding reference = new TokenEmbedding(manager, manager.arange(40f).reshape(10, DIM),
                manager.zeros(new Shape(10)), referenceTokenizer, new EmbeddingOrigin("test", "", "", "exact", 0),
                new byte[10]);
        return EmbeddingInitializer.create(manager.newSubManager(), tokenizer, DIM, seed,
                Optional.of(new EmbeddingInitializer.Reference(reference, "default", referenceTokenizer)), "test",
                options);
    }

    private static float[] row(EmbeddingInitializer.Created created, int row) {
        return created.embedding().weight().get(row).toFloatArray();
    }

    @Test
    void fvtRowsAreTheMeanOfTheReferencePiecesRows() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingInitializer.Created created = create(manager,
                    EmbeddingOptions.defaults().withInit(InitStrategy.FVT), 3);

            assertArrayEquals(new float[]{26, 27, 28, 29}, row(created, 6));  // cats = cat (6) + ##s (7)
            assertArrayEquals(new float[]{30, 31, 32, 33}, row(created, 7));  // dogs = dog (8) + ##s (7)
            assertArrayEquals(new float[]{36, 37, 38, 39}, row(created, 8));  // ##house = house (9)
            assertEquals(RowOrigin.FVT, created.embedding().rowOrigin(6));
            assertEquals(RowOrigin.RANDOM, created.embedding().rowOrigin(9)); // zebra: only [UNK]
            assertEquals(List.of(6, 3, 1), List.of(created.copiedRows(), created.strategyRows(),
                    created.randomRows()));
            assertEquals("fvt", created.embedding().origin().initStrategy());
        }
    }

    @Test
    void meanRowsAreTheMeanOfAllReferenceRows() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingInitializer.Created created = create(manager,
                    EmbeddingOptions.defaults().withInit(InitStrategy.MEAN), 3);

            for (int row = 6; row < 10; row++) {
                assertArrayEquals(new float[]{18, 19, 20, 21}, row(created, row));
                assertEquals(RowOrigin.MEAN, created.embedding().rowOrigin(row));
            }
            assertEquals(4, created.embedding().rowOriginCounts().get(RowOrigin.MEAN));
        }
    }

    @Test
    void theSameSeedGivesTheSameMatrix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingOptions fvt = EmbeddingOptions.defaults().withInit(InitStrategy.FVT);
            assertArrayEquals(create(manager, fvt, 11).embedding().weight().toFloatArray(),
                    create(manager, fvt, 11).embedding().weight().toFloatArray());
        }
    }

    @Test
    void randomStaysTheDefaultAndRecordsNoStrategyRows() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingInitializer.Created created = create(manager, EmbeddingOptions.defaults(), 3);
            assertEquals(0, created.strategyRows());
            assertEquals(4, created.randomRows());
            assertEquals("random", created.embedding().origin().initStrategy());
        }
    }

    @Test
    void aPrecomputedMappingMarksRowsWhoseStringsDifferAsNormalizedCopies() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // "##house" → "house": a normalised match; "the" → "the": identical.
            RowMapping mapping = new RowMapping(new int[]{5, 8}, new int[]{5, 9});
            EmbeddingInitializer.Created created = create(manager,
                    EmbeddingOptions.defaults().withMapping(mapping, "normalized"), 3);

            assertEquals(RowOrigin.COPIED, created.embedding().rowOrigin(5));
            assertEquals(RowOrigin.COPIED_NORMALIZED, created.embedding().rowOrigin(8));
            assertArrayEquals(new float[]{36, 37, 38, 39}, row(created, 8));
            assertEquals("normalized", created.embedding().origin().matchingMode());
        }
    }

    @Test
    void theSidecarKeepsTheStrategyAndTheRowOrigins() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingInitializer.Created created = create(manager,
                    EmbeddingOptions.defaults().withInit(InitStrategy.FVT), 3);
            Path folder = temp.resolve("saved");
            EmbeddingFiles.save(folder, "fvt", created.embedding(), tokenizer, EmbeddingFormat.SAFETENSORS);

            TokenEmbedding loaded = EmbeddingFiles.load(folder, manager, DIM).embedding();

            assertEquals("fvt", loaded.origin().initStrategy());
            assertEquals(RowOrigin.FVT, loaded.rowOrigin(6));
            assertEquals(created.embedding().rowOriginCounts(), loaded.rowOriginCounts());
        }
    }

    @Test
    void strategiesOtherThanRandomNeedAReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> EmbeddingInitializer.create(manager.newSubManager(),
                    tokenizer, DIM, 1, Optional.empty(), "test",
                    EmbeddingOptions.defaults().withInit(InitStrategy.MEAN)));
        }
    }

    @Test
    void surfaceStripsEachVocabularysPieceMarkers() {
        var bert = tokenizer.vocabulary().conventions();
        assertEquals(new FvtRows.Surface("house", false), FvtRows.surface("##house", bert));
        assertEquals(new FvtRows.Surface("house", true), FvtRows.surface("house", bert));
        var sentencePiece = new SubwordConventions(
                TokenizerKind.values()[0], "", "</w>", false, "▁");
        assertEquals(new FvtRows.Surface("house", true), FvtRows.surface("▁house</w>", sentencePiece));
        var byteLevel = new SubwordConventions(
                TokenizerKind.values()[0], "", "", true, "");
        assertEquals(new FvtRows.Surface("café", true), FvtRows.surface("Ġcaf\u00c3\u00a9", byteLevel));
        assertEquals(new FvtRows.Surface("", false), FvtRows.surface("\u00c3", byteLevel)); // half of "é"
    }
}
