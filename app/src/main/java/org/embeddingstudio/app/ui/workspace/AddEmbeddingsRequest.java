package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What the Add Embeddings dialog asks for.
 *
 * @param tokenizer          the new vocabulary's tokenizer (file or folder)
 * @param reference          the embedding to copy shared rows from, or null for all-random rows
 * @param referenceTokenizer that embedding's tokenizer, or null to use the one it was made for
 */
public record AddEmbeddingsRequest(String name, Path tokenizer, String reference, Path referenceTokenizer,
                                   OptionalLong seed) {
}
