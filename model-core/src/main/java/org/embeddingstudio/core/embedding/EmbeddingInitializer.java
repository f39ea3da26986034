package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Makes the matrix of a new embedding, as {@code adapters}' {@code add_embeddings} does: one row per token of the
 * tokenizer (added tokens included), drawn from N(0, 0.02); with a reference, rows of tokens present in both
 * vocabularies are copied from the reference embedding. Unlike {@code adapters}, the padding token's drawn row starts
 * at zero (as Hugging Face initialises a padded embedding) and the draw is seeded, so the same call gives the same
 * matrix.
 */
public final class EmbeddingInitializer {
    /** Standard deviation of drawn rows: Hugging Face's {@code initializer_range} default. */
    public static final float STD = 0.02f;
    /**
     * How many more rows than tokens a reference embedding may have before we warn: models pad their vocabulary
     * to a multiple of 8 or 64 for speed, which is normal; more than this suggests the wrong tokenizer.
     */
    static final int PADDING_TOLERANCE = 128;

    /** The result: the new embedding plus what was copied and anything worth a warning. */
    public record Created(TokenEmbedding embedding, int copiedRows, int randomRows, List<String> warnings) {
    }

    private EmbeddingInitializer() {
    }

    /**
     * @param manager   a fresh manager the new embedding will own, on the model's device
     * @param reference the reference embedding, or null
     * @param referenceTokenizer the tokenizer of the reference embedding, or null (both or neither)
     */
    public static Created create(NDManager manager, Tokenizer tokenizer, int dimension, long seed,
                                 TokenEmbedding reference, String referenceName, Tokenizer referenceTokenizer,
                                 String sourceModel) {
        if ((reference == null) != (referenceTokenizer == null)) {
            throw new IllegalArgumentException("a reference embedding and a reference tokenizer are both required "
                    + "to initialise from a reference embedding; got only the "
                    + (reference == null ? "reference tokenizer" : "reference embedding"));
        }
        Vocabulary vocabulary = tokenizer.vocabulary();
        int rows = vocabulary.size();
        List<String> warnings = new ArrayList<>();
        RowMapping mapping = new RowMapping(new int[0], new int[0]);
        if (reference != null) {
            checkReferenceFits(referenceTokenizer, reference, referenceName, warnings);
            if (reference.dimension() != dimension) {
                throw new IllegalArgumentException("the reference embedding '" + referenceName + "' has dimension "
                        + reference.dimension() + " but the new embedding has dimension " + dimension);
            }
            mapping = RowMapping.exactMatch(vocabulary, referenceTokenizer.vocabulary());
        }
        FloatBuffer values = ByteBuffer.allocateDirect(Math.multiplyExact(rows, dimension) * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        GaussianFill.fill(values, seed, 0f, STD);
        OptionalInt pad = vocabulary.specialTokenId(SpecialTokenRole.PAD);
        if (pad.isPresent()) {
            for (int i = 0; i < dimension; i++) {
                values.put(pad.getAsInt() * dimension + i, 0f);
            }
        }
        byte[] origins = new byte[rows];
        if (mapping.size() > 0) {
            copyRows(reference.weight(), mapping, values, dimension, origins);
        }
        NDArray weight = manager.create(values, new Shape(rows, dimension), DataType.FLOAT32);
        NDArray bias = manager.zeros(new Shape(rows), DataType.FLOAT32);
        EmbeddingOrigin origin = new EmbeddingOrigin(sourceModel, referenceName,
                referenceTokenizer == null ? "" : referenceTokenizer.source(), EmbeddingOrigin.EXACT, seed);
        TokenEmbedding embedding = new TokenEmbedding(manager, weight, bias, tokenizer, origin, origins);
        return new Created(embedding, mapping.size(), rows - mapping.size(), List.copyOf(warnings));
    }

    /**
     * A reference tokenizer that produces ids past the reference embedding's rows cannot be its tokenizer;
     * one whose size differs from the rows by more than padding probably is not.
     */
    static void checkReferenceFits(Tokenizer referenceTokenizer, TokenEmbedding reference, String referenceName,
                                   List<String> warnings) {
        int tokens = referenceTokenizer.vocabulary().size();
        int rows = reference.rows();
        if (tokens > rows) {
            throw new IllegalArgumentException("the reference tokenizer " + referenceTokenizer.source() + " has "
                    + tokens + " tokens but the reference embedding '" + referenceName + "' has only " + rows
                    + " rows: ids " + rows + ".." + (tokens - 1) + " have no row, so this is not its tokenizer");
        }
        if (rows - tokens > PADDING_TOLERANCE) {
            warnings.add("the reference tokenizer " + referenceTokenizer.source() + " has " + tokens
                    + " tokens but the reference embedding '" + referenceName + "' has " + rows
                    + " rows; more than padding explains: check that this is the tokenizer it was made for");
        }
    }

    /** Whole-row copies, in parallel: each target row is written by exactly one task. */
    static void copyRows(NDArray referenceWeight, RowMapping mapping, FloatBuffer target, int dimension,
                         byte[] origins) {
        FloatBuffer source = referenceWeight.toType(DataType.FLOAT32, false).toByteBuffer()
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        int[] targets = mapping.targetRows();
        int[] sources = mapping.referenceRows();
        IntStream.range(0, targets.length).parallel().forEach(i -> {
            target.put(targets[i] * dimension, source, sources[i] * dimension, dimension);
            origins[targets[i]] = RowOrigin.COPIED.code();
        });
    }
}
