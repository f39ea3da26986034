package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The UpSet-style overlap of several vocabularies: for each non-empty subset of them, how many tokens are in exactly
 * that subset. In {@link MatchMode#EXACT} a token is its string; in {@link MatchMode#NORMALIZED} it is its
 * {@link CanonicalPiece}, special tokens counting by their first role.
 */
public final class VocabularyIntersections {
    /**
     * Tokens in exactly one subset of the vocabularies.
     *
     * @param members indexes of the vocabularies in the subset, ascending
     * @param tokens  how many distinct tokens are in all of {@code members} and in no other vocabulary
     */
    public record Subset(List<Integer> members, int tokens) {
    }

    private VocabularyIntersections() {
    }

    /**
     * The subsets with at least one token, largest first (ties: fewer members first, then lower indexes).
     *
     * @throws IllegalArgumentException for fewer than 2 or more than 30 vocabularies
     */
    public static List<Subset> of(List<Vocabulary> vocabularies, MatchOptions options) {
        if (vocabularies.size() < 2 || vocabularies.size() > 30) {
            throw new IllegalArgumentException("need 2 to 30 vocabularies, got " + vocabularies.size());
        }
        Map<String, Integer> membership = new HashMap<>();
        for (int v = 0; v < vocabularies.size(); v++) {
            int bit = 1 << v;
            Vocabulary vocabulary = vocabularies.get(v);
            PieceReader reader = new PieceReader(vocabulary, options);
            for (int id = 0; id < vocabulary.size(); id++) {
                if (!vocabulary.hasToken(id)) {
                    continue;
                }
                membership.merge(key(vocabulary, reader, id, options), bit, (a, b) -> a | b);
            }
        }
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int mask : membership.values()) {
            sizes.merge(mask, 1, Integer::sum);
        }
        List<Subset> subsets = new ArrayList<>();
        sizes.forEach((mask, count) -> subsets.add(new Subset(members(mask), count)));
        subsets.sort(Comparator.comparingInt(Subset::tokens).reversed()
                .thenComparingInt(s -> s.members().size())
                .thenComparing(s -> s.members().toString()));
        return subsets;
    }

    private static String key(Vocabulary vocabulary, PieceReader reader, int id, MatchOptions options) {
        String token = vocabulary.token(id);
        if (options.mode() == MatchMode.EXACT) {
            return token;
        }
        CanonicalPiece piece = reader.read(id);
        if (piece.position() == PiecePosition.SPECIAL) {
            for (var role : vocabulary.specialTokens().entrySet()) {
                if (role.getValue().equals(token)) {
                    return "role:" + canonicalRole(role.getKey());
                }
            }
        }
        return piece.key();
    }

    /** CLS and BOS open a sequence, SEP and EOS close one: the same job under two names. */
    private static String canonicalRole(SpecialTokenRole role) {
        return switch (role) {
            case BOS -> "CLS";
            case EOS -> "SEP";
            default -> role.name();
        };
    }

    private static List<Integer> members(int mask) {
        List<Integer> members = new ArrayList<>();
        for (int v = 0; v < 31; v++) {
            if ((mask & (1 << v)) != 0) {
                members.add(v);
            }
        }
        return members;
    }
}
