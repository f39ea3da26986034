package org.embeddingstudio.core.overlap;

/**
 * A token string both vocabularies have, with a different meaning in each: BERT's word-initial {@code the} against
 * RoBERTa's mid-word {@code the} (RoBERTa's word-initial one is {@code Ġthe}). Copying the row by string, as
 * {@code adapters} does, gives the new token a neighbour's meaning.
 *
 * @param token       the shared string
 * @param targetId    its id in the target vocabulary
 * @param referenceId its id in the reference vocabulary
 * @param inTarget    what it means in the target vocabulary
 * @param inReference what it means in the reference vocabulary
 */
public record FalseFriend(String token, int targetId, int referenceId, CanonicalPiece inTarget,
                          CanonicalPiece inReference) {
}
