package org.embeddingstudio.app.ui.workspace;

import org.embeddingstudio.core.embedding.InitStrategy;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the Add Embeddings dialog asks for.
 *
 * @param tokenizer          the new vocabulary's tokenizer (file or folder)
 * @param reference          the embedding to copy shared rows from, or null for all-random rows
 * @param referenceTokenizer that embedding's tokenizer, or null to use the one it was made for
 * @param dimension          the embedding dimension, or empty for the model's
 * @param normalized         match tokens with the overlap engine's normalized mode instead of exact strings
 * @param init               how rows not shared start
 * @param donor              for OMP: the loaded embedding made for the new tokenizer whose space guides the new rows,
 *                           or null
 */
public record AddEmbeddingsRequest(String name, Path tokenizer, String reference, Path referenceTokenizer,
                                   OptionalLong seed, OptionalInt dimension, boolean normalized,
                                   InitStrategy init, String donor) {
    /** A request as adapters makes it: exact matching, random rows, the model's own dimension. */
    public AddEmbeddingsRequest(String name, Path tokenizer, String reference, Path referenceTokenizer,
                                OptionalLong seed) {
        this(name, tokenizer, reference, referenceTokenizer, seed, OptionalInt.empty(), false,
                InitStrategy.RANDOM, null);
    }
}
