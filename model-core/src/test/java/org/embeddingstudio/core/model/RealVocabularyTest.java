package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.Fixtures;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * adapters' own embedding-test scenario on real vocabularies (shared fixtures; skipped in a clone without them):
 * a Sinhala WordPiece (SiBERT) initialised from bert-base-uncased's embedding.
 */
class RealVocabularyTest {
    @Test
    void sinhalaEmbeddingCopiesExactlyTheRowsSharedWithBertBaseUncased() throws Exception {
        Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased/tokenizer.json"));
        Tokenizer sibert = TokenizerLoader.load(Fixtures.path("sibert/vocab.txt"));
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), bert,
                Device.cpu(), 5)) {
            assertEquals(30522, model.vocabSize());
            EmbeddingInitializer.Created created = model.addEmbeddings("sinhala", sibert, "default", bert,
                    EmbeddingOptions.defaults().withSeed(1));
            assertEquals(1499, created.copiedRows());
            assertEquals(10000 - 1499, created.randomRows());
            assertEquals(10000, model.vocabSize());
            for (String token : new String[]{"[CLS]", "a", "##s", "1"}) {
                float[] english = model.read(p -> p.embedding("default").weight()
                        .get(bert.vocabulary().id(token).getAsInt()).toFloatArray());
                assertArrayEquals(english, model.read(p -> p.embedding("sinhala").weight()
                        .get(sibert.vocabulary().id(token).getAsInt()).toFloatArray()), token);
            }
        }
    }
}
