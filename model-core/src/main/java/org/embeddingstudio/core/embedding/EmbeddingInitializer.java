package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.engine.TensorMemory;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * The result: the new embedding plus what was copied and anything worth a warning.
     *
     * @param copiedRows      rows copied from the reference
     * @param randomRows      rows drawn from N(0, 0.02) (the zero padding row included)
     * @param strategyRows    rows the init strategy (FVT, mean, OMP) computed
     */
    public record Created(TokenEmbedding embedding, int copiedRows, int randomRows, int strategyRows,
                          List<String> warnings) {
    }

    /**
     * The embedding a new one starts from: rows of tokens in both vocabularies are copied from it, and the init
     * strategy computes others from it.
     *
     * @param embedding the reference embedding
     * @param name      the name it is registered under, recorded in the new embedding's origin
     * @param tokenizer the tokenizer the reference embedding was made for
     */
    public record Reference(TokenEmbedding embedding, String name, Tokenizer tokenizer) {
        public Reference {
            if (embedding == null || tokenizer == null) {
                throw new IllegalArgumentException("a reference embedding and a reference tokenizer are both "
                        + "required to initialise from a reference embedding; got "
                        + (embedding == null && tokenizer == null ? "neither"
                        : "only the " + (embedding == null ? "reference tokenizer" : "reference embedding")));
            }
        }
    }

    private EmbeddingInitializer() {
    }

    /**
     * @param manager   a fresh manager the new embedding will own, on the model's device
     * @param from      the embedding to copy shared rows from, or empty for rows drawn from N(0, 0.02) only
     * @param options   the init strategy, its donor and a precomputed mapping (dimension and seed are given here)
     */
    public static Created create(NDManager manager, Tokenizer tokenizer, int dimension, long seed,
                                 Optional<Reference> from, String sourceModel, EmbeddingOptions options) {
        return create(manager, tokenizer, dimension, seed, from, sourceModel, options, false);
    }

    /**
     * {@link #create} for a model whose head is not tied to its input embeddings when {@code withOutputRows}: the
     * new embedding is a pair, its output rows made as its input rows are — copied from the reference's output
     * rows for the shared tokens, the others drawn (or computed by the strategy from the reference's output side).
     */
    public static Created create(NDManager manager, Tokenizer tokenizer, int dimension, long seed,
                                 Optional<Reference> from, String sourceModel, EmbeddingOptions options,
                                 boolean withOutputRows) {
        TokenEmbedding reference = from.map(Reference::embedding).orElse(null);
        String referenceName = from.map(Reference::name).orElse(null);
        Tokenizer referenceTokenizer = from.map(Reference::tokenizer).orElse(null);
        InitStrategy strategy = options.init();
        if (strategy != InitStrategy.RANDOM && reference == null) {
            throw new IllegalArgumentException("the " + strategy.label() + " initialisation computes rows from a "
                    + "reference embedding: give one");
        }
        if (strategy == InitStrategy.OMP && options.donor().isEmpty()) {
            throw new IllegalArgumentException("the omp initialisation needs a donor embedding made for the new "
                    + "tokenizer");
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
            mapping = options.mapping().orElseGet(() -> RowMapping.exactMatch(vocabulary,
                    referenceTokenizer.vocabulary())).withReferenceRowsBelow(
                    Math.min(reference.rows(), referenceTokenizer.vocabulary().size()));
            checkMappingFits(mapping, rows, reference.rows());
        }
        byte[] origins = new byte[rows];
        RowStrategy rowStrategy = strategy == InitStrategy.RANDOM ? RowStrategy.NONE
                : new StrategyRows(manager, tokenizer, referenceTokenizer, reference.weight(), false, mapping,
                options);
        NDArray weight = fillMatrix(manager, rows, dimension, seed, vocabulary.specialTokenId(SpecialTokenRole.PAD),
                mapping.size() > 0 ? reference.weight() : null, mapping, origins, rowStrategy);
        NDArray outputRows = withOutputRows ? outputRows(manager, tokenizer, rows, dimension, seed, reference,
                referenceTokenizer, mapping, options) : null;
        if (!EmbeddingOrigin.EXACT.equals(options.matchingMode()) && referenceTokenizer != null) {
            markNormalizedCopies(mapping, vocabulary, referenceTokenizer.vocabulary(), origins);
        }
        NDArray bias = manager.zeros(new Shape(rows), DataType.FLOAT32);
        EmbeddingOrigin origin = new EmbeddingOrigin(sourceModel, referenceName,
                referenceTokenizer == null ? "" : referenceTokenizer.source(), options.matchingMode(), seed,
                strategy.label(), strategy == InitStrategy.OMP ? options.donor().get().source() : "");
        TokenEmbedding embedding = new TokenEmbedding(manager, weight, bias, outputRows, tokenizer, origin, origins);
        int computed = 0;
        for (byte code : origins) {
            computed += code == strategy.rowOrigin().code() && strategy != InitStrategy.RANDOM ? 1 : 0;
        }
        return new Created(embedding, mapping.size(), rows - mapping.size() - computed, computed,
                List.copyOf(warnings));
    }

    /**
     * The output side of a pair, from the reference's output rows by the same mapping and strategy; no padding row
     * is zeroed (transformers zeroes only the input embedding's), and the draw differs from the input side's.
     */
    private static NDArray outputRows(NDManager manager, Tokenizer tokenizer, int rows, int dimension, long seed,
                                      TokenEmbedding reference, Tokenizer referenceTokenizer, RowMapping mapping,
                                      EmbeddingOptions options) {
        NDArray referenceOutput = reference == null ? null : reference.outputRows().orElseThrow(() ->
                new IllegalArgumentException("the reference embedding has no output rows to copy for a model whose "
                        + "head is not tied"));
        RowStrategy strategy = options.init() == InitStrategy.RANDOM ? RowStrategy.NONE
                : new StrategyRows(manager, tokenizer, referenceTokenizer, referenceOutput, true, mapping, options);
        return fillMatrix(manager, rows, dimension, ~seed, OptionalInt.empty(),
                mapping.size() > 0 ? referenceOutput : null, mapping, new byte[rows], strategy);
    }

    /** Output rows made for an embedding that came without them, and how many were copied. */
    public record OutputRows(NDArray rows, int copied) {
    }

    /**
     * Output rows for an embedding of {@code tokenizer}'s vocabulary that has only input rows: rows of tokens
     * {@code reference}'s vocabulary has too (identical strings, as adapters matches) copied from its output rows,
     * the others drawn from N(0, 0.02); all drawn when there is no tokenizer to match.
     */
    public static OutputRows outputRowsFor(NDManager manager, Tokenizer tokenizer, int rows, int dimension, long seed,
                                           TokenEmbedding reference) {
        Tokenizer referenceTokenizer = reference.tokenizer().orElse(null);
        RowMapping mapping = tokenizer == null || referenceTokenizer == null ? new RowMapping(new int[0], new int[0])
                : RowMapping.exactMatch(tokenizer.vocabulary(), referenceTokenizer.vocabulary())
                .withReferenceRowsBelow(Math.min(reference.rows(), referenceTokenizer.vocabulary().size()));
        checkMappingFits(mapping, rows, reference.rows());
        NDArray referenceOutput = reference.outputRows().orElse(reference.weight());
        return new OutputRows(fillMatrix(manager, rows, dimension, ~seed, OptionalInt.empty(),
                mapping.size() > 0 ? referenceOutput : null, mapping, new byte[rows]), mapping.size());
    }

    /** A precomputed mapping from elsewhere must name rows both matrices have, or the copy would write past them. */
    private static void checkMappingFits(RowMapping mapping, int rows, int referenceRows) {
        for (int i = 0; i < mapping.size(); i++) {
            int target = mapping.targetRows()[i];
            int source = mapping.referenceRows()[i];
            if (target < 0 || target >= rows || source < 0 || source >= referenceRows) {
                throw new IllegalArgumentException("the row mapping pairs row " + target + " with reference row "
                        + source + ", but the new embedding has " + rows + " rows and the reference " + referenceRows);
            }
        }
    }

    /** Rows copied under a looser matching whose token strings differ are told apart from identical ones. */
    private static void markNormalizedCopies(RowMapping mapping, Vocabulary vocabulary, Vocabulary reference,
                                             byte[] origins) {
        for (int i = 0; i < mapping.size(); i++) {
            int row = mapping.targetRows()[i];
            if (!Objects.equals(vocabulary.token(row), reference.token(mapping.referenceRows()[i]))) {
                origins[row] = RowOrigin.COPIED_NORMALIZED.code();
            }
        }
    }

    /**
     * A reference tokenizer that produces ids past the reference embedding's rows cannot be its tokenizer;
     * one whose size differs from the rows by more than padding probably is not.
     */
    static void checkReferenceFits(Tokenizer referenceTokenizer, TokenEmbedding reference, String referenceName,
                                   List<String> warnings) {
        int tokens = referenceTokenizer.vocabulary().size();
        int rows = reference.rows();
        if (referenceTokenizer.vocabulary().modelSize() > rows) {
            throw new IllegalArgumentException("the reference tokenizer " + referenceTokenizer.source() + " has "
                    + tokens + " tokens but the reference embedding '" + referenceName + "' has only " + rows
                    + " rows: ids " + rows + ".." + (tokens - 1) + " have no row, so this is not its tokenizer");
        }
        if (tokens > rows) {
            warnings.add("the reference tokenizer " + referenceTokenizer.source() + " has added tokens with ids "
                    + rows + ".." + (tokens - 1) + " past the " + rows + " rows of the reference embedding '"
                    + referenceName + "': they have no row to copy, so rows for them start random");
        }
        if (rows - tokens > PADDING_TOLERANCE) {
            warnings.add("the reference tokenizer " + referenceTokenizer.source() + " has " + tokens
                    + " tokens but the reference embedding '" + referenceName + "' has " + rows
                    + " rows; more than padding explains: check that this is the tokenizer it was made for");
        }
    }

    /**
     * The (rows, dimension) matrix: drawn rows, a zero padding row, rows copied from the reference.
     *
     * <p>Why in place: the matrix is written straight into the new tensor's memory (no staging buffer, no copy into
     * the engine) and the reference is read through a view (no 368 MB heap copy), so a 250 000 × 768 embedding takes
     * a fraction of a second instead of seconds. Engines without direct views get the same values through a buffer.
     */
    static NDArray fillMatrix(NDManager manager, int rows, int dimension, long seed, OptionalInt pad,
                              NDArray reference, RowMapping mapping, byte[] origins) {
        return fillMatrix(manager, rows, dimension, seed, pad, reference, mapping, origins, RowStrategy.NONE);
    }

    /** {@link #fillMatrix} then {@code strategy} over the rows still random, in the same memory. */
    static NDArray fillMatrix(NDManager manager, int rows, int dimension, long seed, OptionalInt pad,
                              NDArray reference, RowMapping mapping, byte[] origins, RowStrategy strategy) {
        return TensorMemory.written(manager, new Shape(rows, dimension), values -> {
            GaussianFill.fill(values, seed, 0f, STD);
            if (pad.isPresent()) {
                for (int i = 0; i < dimension; i++) {
                    values.put(pad.getAsInt() * dimension + i, 0f);
                }
            }
            if (reference != null) {
                copyRows(reference, mapping, values, dimension, origins);
            }
            strategy.fill(values, dimension, origins, pad);
        });
    }

    /** Whole-row copies, in parallel: each target row is written by exactly one task. */
    static void copyRows(NDArray referenceWeight, RowMapping mapping, FloatBuffer target, int dimension,
                         byte[] origins) {
        FloatBuffer source = floatRows(referenceWeight);
        int[] targets = mapping.targetRows();
        int[] sources = mapping.referenceRows();
        IntStream.range(0, targets.length).parallel().forEach(i -> {
            target.put(targets[i] * dimension, source, sources[i] * dimension, dimension);
            origins[targets[i]] = RowOrigin.COPIED.code();
        });
    }

    /** The rows of a weight as float32, through a view when the engine has one. */
    static FloatBuffer floatRows(NDArray weight) {
        NDArray floats = weight.getDataType() == DataType.FLOAT32 ? weight : weight.toType(DataType.FLOAT32, false);
        return TensorMemory.view(floats).orElseGet(floats::toByteBuffer).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }
}
