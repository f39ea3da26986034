package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The target vocabulary of an overlap broken down three ways: by {@link TokenClass}, by Unicode script of the
 * token's letters, and by length in characters. Each group counts its tokens and how many of them are copied.
 *
 * @param byClass  token class → counts
 * @param byScript script name ({@code LATIN}, {@code SINHALA}; {@code COMMON} when the token has no letters,
 *                 {@code MIXED} when its letters are of several scripts) → counts
 * @param byLength length bucket ({@code "1"}, {@code "2"}, {@code "3"}, {@code "4"}, {@code "5-6"}, {@code "7-10"},
 *                 {@code "11+"}, in characters without markers) → counts
 */
public record OverlapBreakdown(Map<TokenClass, Counts> byClass, Map<String, Counts> byScript,
                               Map<String, Counts> byLength) {
    /**
     * Tokens in a group.
     *
     * @param tokens target tokens in the group
     * @param copied of those, the ones that copy a reference row
     */
    public record Counts(int tokens, int copied) {
    }

    /** Breaks down the target side of {@code overlap}; {@code target} must be the vocabulary it was made from. */
    public static OverlapBreakdown of(VocabularyOverlap overlap, Vocabulary target) {
        PieceReader reader = new PieceReader(target, overlap.options());
        boolean[] copied = new boolean[target.size()];
        for (int row : overlap.mapping().targetRows()) {
            copied[row] = true;
        }
        Map<TokenClass, Counts> byClass = new TreeMap<>();
        Map<String, Counts> byScript = new TreeMap<>();
        Map<String, Counts> byLength = new TreeMap<>(Comparator.comparingInt(OverlapBreakdown::bucketOrder));
        for (int id = 0; id < target.size(); id++) {
            if (!target.hasToken(id)) {
                continue; // an id the vocabulary leaves without a token is no token of any class
            }
            CanonicalPiece piece = reader.read(id);
            add(byClass, TokenClass.of(piece), copied[id]);
            add(byScript, script(piece), copied[id]);
            add(byLength, lengthBucket(piece), copied[id]);
        }
        return new OverlapBreakdown(byClass, byScript, byLength);
    }

    private static <K> void add(Map<K, Counts> groups, K key, boolean isCopied) {
        groups.merge(key, new Counts(1, isCopied ? 1 : 0),
                (a, b) -> new Counts(a.tokens() + b.tokens(), a.copied() + b.copied()));
    }

    /** The script of the token's letters; special tokens are {@code COMMON} whatever their spelling. */
    static String script(CanonicalPiece piece) {
        if (piece.position() == PiecePosition.SPECIAL) {
            return Character.UnicodeScript.COMMON.name();
        }
        Character.UnicodeScript found = null;
        for (int cp : piece.surface().codePoints().toArray()) {
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (found != null && found != script) {
                return "MIXED";
            }
            found = script;
        }
        return found == null ? Character.UnicodeScript.COMMON.name() : found.name();
    }

    private static final String[] BUCKETS = {"1", "2", "3", "4", "5-6", "7-10", "11+"};

    static String lengthBucket(CanonicalPiece piece) {
        int length = piece.surface().codePointCount(0, piece.surface().length());
        if (length <= 4) {
            return BUCKETS[Math.max(0, length - 1)];
        }
        return length <= 6 ? BUCKETS[4] : length <= 10 ? BUCKETS[5] : BUCKETS[6];
    }

    private static int bucketOrder(String bucket) {
        return Arrays.asList(BUCKETS).indexOf(bucket);
    }
}
