package org.embeddingstudio.core.model;

import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.EmbeddingOrigin;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one place the app and the command line turn a user's choices into EmbeddingOptions. */
class AddEmbeddingsSettingsTest {
    @Test
    void nothingChosenGivesTheDefaults() {
        EmbeddingOptions options = new AddEmbeddingsSettings(InitStrategy.RANDOM, false, null, OptionalInt.empty(),
                OptionalLong.empty()).options(null, null);
        assertEquals(OptionalInt.empty(), options.dimension(), "the model's own dimension");
        assertEquals(OptionalLong.empty(), options.seed(), "a fresh seed is drawn when the embedding is made");
        assertEquals(InitStrategy.RANDOM, options.init());
        assertTrue(options.donor().isEmpty() && options.mapping().isEmpty());
        assertEquals(EmbeddingOrigin.EXACT, options.matchingMode());
    }

    @Test
    void dimensionSeedAndInitAreTakenAsChosen() {
        EmbeddingOptions options = new AddEmbeddingsSettings(InitStrategy.MEAN, false, null, OptionalInt.of(48),
                OptionalLong.of(7)).options(null, null);
        assertEquals(OptionalInt.of(48), options.dimension());
        assertEquals(OptionalLong.of(7), options.seed());
        assertEquals(InitStrategy.MEAN, options.init());
    }

    @Test
    void normalizedMatchingWithoutAReferenceMatchesNothing() {
        EmbeddingOptions options = new AddEmbeddingsSettings(InitStrategy.RANDOM, true, null, OptionalInt.empty(),
                OptionalLong.empty()).options(null, null);
        assertTrue(options.mapping().isEmpty());
        assertEquals(EmbeddingOrigin.EXACT, options.matchingMode());
    }
}
