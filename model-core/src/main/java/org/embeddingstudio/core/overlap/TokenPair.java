package org.embeddingstudio.core.overlap;

/**
 * One target token and the reference token it is paired with.
 *
 * @param targetId       id (row) in the target vocabulary
 * @param targetToken    the target token string
 * @param referenceId    id (row) in the reference vocabulary
 * @param referenceToken the reference token string
 * @param kind           how the two were matched
 */
public record TokenPair(int targetId, String targetToken, int referenceId, String referenceToken, MatchKind kind) {
}
