package org.embeddingstudio.core.model;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The calls of {@code adapters}' embedding and adapter mixins that a BERT-family {@link AdapterModel} and a
 * {@link DecoderModel} share, so that a command line or a job can drive either; see the classes for what each does
 * on its kind of model.
 */
public interface AdaptableModel extends TrainableModel, AutoCloseable {
    /** The active embedding's name. */
    String activeEmbeddings();

    /** The tokenizer of the active embedding, if it has one. */
    Optional<Tokenizer> activeTokenizer();

    Optional<Tokenizer> tokenizerOf(String name);

    EmbeddingInitializer.Created addEmbeddings(String name, Tokenizer tokenizer, String referenceEmbedding,
                                               Tokenizer referenceTokenizer, EmbeddingOptions options);

    Optional<Tokenizer> loadEmbeddings(Path folder, String name) throws IOException;

    void saveEmbeddings(Path folder, String name, Tokenizer tokenizer) throws IOException;

    void addAdapter(String name, BottleneckConfig adapterConfig);

    /** @return the name it was loaded under */
    String loadAdapter(Path folder, String name) throws IOException;

    @Override
    void close();
}
