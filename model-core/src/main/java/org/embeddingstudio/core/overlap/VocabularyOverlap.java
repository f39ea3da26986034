package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.embedding.RowMapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a target vocabulary shares with a reference vocabulary, and the exact rows initialisation will copy. Made by
 * {@link VocabularyMatcher#match}. Each target row maps to at most one reference row; several target rows may copy
 * the same reference row.
 *
 * @param options             how the vocabularies were matched
 * @param targetTokens        the target vocabulary, by id
 * @param referenceTokens     the reference vocabulary, by id
 * @param mapping             target row → reference row, target rows ascending
 * @param kinds               how each pair of {@code mapping} was matched, same order
 * @param referenceRowsUsed   distinct reference rows copied at least once
 * @param exactStringMatches  tokens both vocabularies spell identically (what {@code adapters} copies)
 * @param falseFriends        exact-string matches that mean a different position in a word, by target id
 */
public record VocabularyOverlap(MatchOptions options, List<String> targetTokens, List<String> referenceTokens,
                                RowMapping mapping, MatchKind[] kinds, int referenceRowsUsed,
                                int exactStringMatches, List<FalseFriend> falseFriends) {
    public VocabularyOverlap {
        if (kinds.length != mapping.size()) {
            throw new IllegalArgumentException("one match kind per mapped row");
        }
        falseFriends = List.copyOf(falseFriends);
    }

    /** Target ids without a token (gaps in the vocabulary file): their rows start random. */
    public int targetIdsWithoutToken() {
        return (int) targetTokens.stream().filter(Objects::isNull).count();
    }

    /** Reference ids without a token: nothing copies their rows. */
    public int referenceIdsWithoutToken() {
        return (int) referenceTokens.stream().filter(Objects::isNull).count();
    }

    /** Target rows that copy a reference row. */
    public int shared() {
        return mapping.size();
    }

    /** Target rows that start random. */
    public int onlyTarget() {
        return targetTokens.size() - mapping.size();
    }

    /** Reference rows nothing copies. */
    public int onlyReference() {
        return referenceTokens.size() - referenceRowsUsed;
    }

    /** How many pairs were matched in the way {@code kind}. */
    public int count(MatchKind kind) {
        int count = 0;
        for (MatchKind k : kinds) {
            count += k == kind ? 1 : 0;
        }
        return count;
    }

    /** Every pair of the mapping, target rows ascending. */
    public List<TokenPair> pairs() {
        List<TokenPair> pairs = new ArrayList<>(mapping.size());
        for (int i = 0; i < mapping.size(); i++) {
            int target = mapping.targetRows()[i];
            int reference = mapping.referenceRows()[i];
            pairs.add(new TokenPair(target, targetTokens.get(target), reference, referenceTokens.get(reference),
                    kinds[i]));
        }
        return pairs;
    }

    /** Whether target row {@code id} copies a reference row. */
    public boolean isCopied(int targetId) {
        return Arrays.binarySearch(mapping.targetRows(), targetId) >= 0;
    }

    /**
     * Up to {@code limit} false friends to show a reader: words first (tokens of two or more letters, such as
     * {@code the}), because digits and single characters make the problem look smaller than it is; then by target id.
     */
    public List<FalseFriend> falseFriendExamples(int limit) {
        List<FalseFriend> words = new ArrayList<>();
        List<FalseFriend> others = new ArrayList<>();
        for (FalseFriend friend : falseFriends) {
            boolean word = friend.token().length() >= 2 && friend.token().chars().allMatch(Character::isLetter);
            (word ? words : others).add(friend);
        }
        words.addAll(others);
        return words.subList(0, Math.min(limit, words.size()));
    }

    /**
     * One sentence about false friends, meant to be shown prominently; empty when there are none. Says whether the
     * mapping copies them (exact mode, as {@code adapters}) or leaves them out (normalized mode).
     */
    public String falseFriendWarning() {
        if (falseFriends.isEmpty()) {
            return "";
        }
        FalseFriend example = falseFriendExamples(1).getFirst();
        String share = String.format(Locale.ROOT, "%.1f %%", 100.0 * falseFriends.size()
                / Math.max(1, exactStringMatches));
        String consequence = options.mode() == MatchMode.EXACT
                ? "exact matching copies their rows anyway, giving those tokens another token's meaning"
                : "normalized matching does not copy them by string";
        return "WARNING: " + falseFriends.size() + " of " + exactStringMatches + " exact-string matches (" + share
                + ") are false friends, the same string meaning another piece — another position in a word, or a byte"
                + " rather than a letter (e.g. '"
                + example.token() + "' is " + example.inTarget() + " in the target but " + example.inReference()
                + " in the reference); " + consequence + ".";
    }
}
