package org.embeddingstudio.core.embedding;

import org.embeddingstudio.core.tokenizer.ByteLevelAlphabet;
import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Fast Vocabulary Transfer (Gee et al. 2022, https://aclanthology.org/2022.emnlp-industry.41/): a token the
 * reference vocabulary lacks gets the mean of the reference rows of the pieces the <em>reference</em> tokenizer
 * splits its text into. Tokens it cannot split into known pieces (only [UNK], or nothing) keep their random draw.
 */
final class FvtRows {
    private static final EncodeOptions NO_SPECIALS = EncodeOptions.defaults().withSpecialTokens(false);

    /** A token's text with the new vocabulary's piece markers removed. */
    record Surface(String text, boolean wordInitial) {
    }

    private FvtRows() {
    }

    /**
     * Writes FVT rows into every row still {@link RowOrigin#RANDOM} (the padding row and special tokens aside).
     *
     * @param reference (R, D) reference rows
     * @param values    (rows, D) the new matrix
     * @return how many rows were written
     */
    static int apply(Tokenizer tokenizer, Tokenizer referenceTokenizer, FloatBuffer reference, FloatBuffer values,
                     int dimension, byte[] origins, OptionalInt pad) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        return (int) IntStream.range(0, origins.length).parallel()
                .filter(row -> origins[row] == RowOrigin.RANDOM.code() && !isPad(row, pad)
                        && vocabulary.hasToken(row) && !vocabulary.isSpecial(vocabulary.token(row)))
                .filter(row -> {
                    int[] pieces = pieces(vocabulary.token(row), vocabulary.conventions(), referenceTokenizer);
                    if (pieces.length == 0) {
                        return false;
                    }
                    RowMeans.writeMean(reference, pieces, values, row, dimension);
                    origins[row] = RowOrigin.FVT.code();
                    return true;
                })
                .count();
    }

    private static boolean isPad(int row, OptionalInt pad) {
        return pad.isPresent() && pad.getAsInt() == row;
    }

    /** The reference ids of {@code token}'s pieces, [UNK] left out; empty when nothing known remains. */
    static int[] pieces(String token, SubwordConventions conventions, Tokenizer referenceTokenizer) {
        Surface surface = surface(token, conventions);
        if (surface.text().isEmpty()) {
            return new int[0];
        }
        // A leading space makes byte-level and SentencePiece references pick their word-initial pieces; WordPiece
        // drops it.
        String text = surface.wordInitial() ? " " + surface.text() : surface.text();
        OptionalInt unknown = referenceTokenizer.vocabulary().specialTokenId(SpecialTokenRole.UNK);
        return Arrays.stream(referenceTokenizer.encode(text, NO_SPECIALS).ids())
                .mapToInt(Math::toIntExact)
                .filter(id -> unknown.isEmpty() || id != unknown.getAsInt())
                .toArray();
    }

    /**
     * Removes the markers of {@code conventions}: a {@code ##} continuation prefix, a {@code Ġ}/{@code ▁} word-start
     * marker, a {@code </w>} word-end suffix; byte-level tokens are decoded to their text.
     */
    static Surface surface(String token, SubwordConventions conventions) {
        String text = token;
        boolean wordInitial;
        String prefix = conventions.continuingSubwordPrefix();
        if (!prefix.isEmpty()) {
            wordInitial = !text.startsWith(prefix);
            text = wordInitial ? text : text.substring(prefix.length());
        } else {
            String marker = conventions.wordStartMarker().isEmpty() && conventions.byteLevel() ? "Ġ"
                    : conventions.wordStartMarker();
            wordInitial = !marker.isEmpty() && text.startsWith(marker);
            text = wordInitial ? text.substring(marker.length()) : text;
        }
        String suffix = conventions.endOfWordSuffix();
        if (!suffix.isEmpty() && text.endsWith(suffix)) {
            text = text.substring(0, text.length() - suffix.length());
        }
        if (conventions.byteLevel()) {
            // "Ã©" is the two bytes of "é"; a piece of a multi-byte character has no text: it stays random.
            text = ByteLevelAlphabet.decode(text).orElse("");
        }
        return new Surface(text, wordInitial);
    }
}
