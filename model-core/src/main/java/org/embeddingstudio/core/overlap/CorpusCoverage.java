package org.embeddingstudio.core.overlap;

import java.util.List;

/**
 * How much of a corpus a new embedding would start from copied rows. The share that matters is {@link #copiedShare}:
 * token occurrences under the target tokenizer whose row is copied from the reference rather than random.
 *
 * @param target            the target tokenizer on the corpus
 * @param reference         the reference tokenizer on the corpus
 * @param copiedOccurrences target-token occurrences whose row is copied
 * @param falseFriendOccurrences of those, occurrences of false friends copied by string (exact mode): their rows
 *                          are copied but mean something else
 * @param mostFrequentRandom the most frequent target tokens that would start random, most frequent first
 * @param targetCounts      occurrences of each target id (indexed by id)
 * @param referenceCounts   occurrences of each reference id (indexed by id)
 */
public record CorpusCoverage(TokenizerCoverage target, TokenizerCoverage reference, long copiedOccurrences,
                             long falseFriendOccurrences, List<TokenCount> mostFrequentRandom, long[] targetCounts,
                             long[] referenceCounts) {
    /**
     * A token and how often it occurs.
     *
     * @param id    the token id in its vocabulary
     * @param token the token string
     * @param count occurrences in the corpus
     */
    public record TokenCount(int id, String token, long count) {
    }

    public CorpusCoverage {
        mostFrequentRandom = List.copyOf(mostFrequentRandom);
        targetCounts = targetCounts.clone();
        referenceCounts = referenceCounts.clone();
    }

    /** Occurrences of each target id (a copy). */
    @Override
    public long[] targetCounts() {
        return targetCounts.clone();
    }

    /** Occurrences of each reference id (a copy). */
    @Override
    public long[] referenceCounts() {
        return referenceCounts.clone();
    }

    /** Share of the target tokenizer's token occurrences whose row is copied, 0 to 1. */
    public double copiedShare() {
        return target.tokens() == 0 ? 0 : (double) copiedOccurrences / target.tokens();
    }

    /** Share of the target tokenizer's token occurrences copied from a false friend, 0 to 1. */
    public double falseFriendShare() {
        return target.tokens() == 0 ? 0 : (double) falseFriendOccurrences / target.tokens();
    }

    /** Target-token occurrences whose row starts random. */
    public long randomOccurrences() {
        return target.tokens() - copiedOccurrences;
    }
}
