package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.embedding.RowMapping;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Matches a target vocabulary against a reference vocabulary (the one whose embedding rows are copied).
 *
 * <p>{@link MatchMode#EXACT} reproduces {@code adapters}: a target row copies the reference row with the identical
 * string, and {@link RowMapping#exactMatch} gives the same rows. {@link MatchMode#NORMALIZED} compares
 * {@link CanonicalPiece}s instead: special tokens pair by role; other tokens pair when their text and position in a
 * word agree, preferring the identical string, then the lowest reference id, so the result is deterministic.
 *
 * <p>In both modes, exact-string matches whose pieces differ are reported as {@link FalseFriend}s.
 */
public final class VocabularyMatcher {
    private VocabularyMatcher() {
    }

    /** Matches {@code target} against {@code reference}. */
    public static VocabularyOverlap match(Vocabulary target, Vocabulary reference, MatchOptions options) {
        PieceReader targetReader = new PieceReader(target, options);
        PieceReader referenceReader = new PieceReader(reference, options);
        boolean normalized = options.mode() == MatchMode.NORMALIZED;
        // Exact mode reads pieces only for the exact-string matches (to find false friends): a third of the time.
        CanonicalPiece[] targetPieces = normalized ? targetReader.readAll() : new CanonicalPiece[target.size()];
        CanonicalPiece[] referencePieces = normalized ? referenceReader.readAll()
                : new CanonicalPiece[reference.size()];
        Map<CanonicalPiece, Integer> referenceByPiece = normalized ? indexByPiece(referencePieces) : Map.of();

        int size = target.size();
        int[] targetRows = new int[size];
        int[] referenceRows = new int[size];
        MatchKind[] kinds = new MatchKind[size];
        boolean[] used = new boolean[reference.size()];
        List<FalseFriend> falseFriends = new ArrayList<>();
        int exactStrings = 0;
        int count = 0;
        for (int id = 0; id < size; id++) {
            String token = target.token(id);
            if (token == null) {
                continue; // an id without a token has no counterpart: its row starts random
            }
            OptionalInt sameString = reference.id(token);
            boolean falseFriend = false;
            if (sameString.isPresent()) {
                exactStrings++;
                int refId = sameString.getAsInt();
                if (!normalized) {
                    targetPieces[id] = targetReader.read(id);
                    referencePieces[refId] = referenceReader.read(refId);
                }
                falseFriend = isFalseFriend(token, targetPieces[id], referencePieces[refId], target, reference);
                if (falseFriend) {
                    falseFriends.add(new FalseFriend(token, id, refId, targetPieces[id], referencePieces[refId]));
                }
            }
            int refId = -1;
            MatchKind kind = null;
            if (options.mode() == MatchMode.EXACT || (sameString.isPresent() && !falseFriend)) {
                refId = sameString.orElse(-1);
                kind = MatchKind.EXACT;
            } else if (targetPieces[id].position() == PiecePosition.SPECIAL) {
                refId = SpecialRoles.counterpart(token, target, reference).orElse(-1);
                kind = MatchKind.SPECIAL_BY_ROLE;
            } else {
                refId = referenceByPiece.getOrDefault(targetPieces[id], -1);
                kind = MatchKind.NORMALIZED;
            }
            if (refId >= 0) {
                targetRows[count] = id;
                referenceRows[count] = refId;
                kinds[count] = kind;
                used[refId] = true;
                count++;
            }
        }
        int usedCount = 0;
        for (boolean u : used) {
            usedCount += u ? 1 : 0;
        }
        RowMapping mapping = new RowMapping(Arrays.copyOf(targetRows, count), Arrays.copyOf(referenceRows, count));
        return new VocabularyOverlap(options, target.tokens(), reference.tokens(), mapping,
                Arrays.copyOf(kinds, count), usedCount, exactStrings, falseFriends);
    }

    /** Non-special pieces → lowest reference id spelling them; lowest id wins because ids are scanned in order. */
    private static Map<CanonicalPiece, Integer> indexByPiece(CanonicalPiece[] pieces) {
        // Keyed by the record itself: its hash combines the surface's cached hash, so no key string is built.
        Map<CanonicalPiece, Integer> index = HashMap.newHashMap(pieces.length);
        for (int id = 0; id < pieces.length; id++) {
            if (pieces[id] != null && pieces[id].position() != PiecePosition.SPECIAL) {
                index.putIfAbsent(pieces[id], id);
            }
        }
        return index;
    }

    /**
     * Whether one string means different things in the two vocabularies: a different position in a word, special in
     * one only, or special in both with different roles.
     */
    private static boolean isFalseFriend(String token, CanonicalPiece inTarget, CanonicalPiece inReference,
                                         Vocabulary target, Vocabulary reference) {
        boolean targetSpecial = inTarget.position() == PiecePosition.SPECIAL;
        boolean referenceSpecial = inReference.position() == PiecePosition.SPECIAL;
        if (targetSpecial && referenceSpecial) {
            OptionalInt byRole = SpecialRoles.counterpart(token, target, reference);
            return byRole.isPresent() && byRole.getAsInt() != reference.id(token).orElseThrow();
        }
        return !inTarget.equals(inReference);
    }
}
