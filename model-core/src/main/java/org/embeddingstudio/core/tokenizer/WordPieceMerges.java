package org.embeddingstudio.core.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merge loop of WordPiece training. Every distinct word is a sequence of symbols (a word-initial piece, then
 * {@code ##} pieces); each merge joins the adjacent pair with the best score {@code freq(ab) / (freq(a) * freq(b))}
 * in every word that holds it.
 *
 * <p>Counts are kept incrementally: a merge re-counts only the words that hold the pair, and re-scores only the
 * pairs whose count changed or that share a symbol with the merge (their denominators changed). Candidates wait in
 * a priority queue; an entry whose count or score is out of date is dropped when it comes up, because a fresh entry
 * was pushed whenever that pair changed. This keeps a merge cheap, where a full recount would make training of a
 * few hundred KB of text quadratic.
 */
final class WordPieceMerges {
    static final String PREFIX = "##";

    private record Candidate(long pair, double score, long count) {
    }

    /**
     * Best score first; ties by count, then by the symbols' ids. Ids are given in a fixed order (alphabet by code
     * point, then merges in order), so the result never depends on hash order.
     */
    private static final Comparator<Candidate> BEST_FIRST = (a, b) -> {
        int byScore = Double.compare(b.score(), a.score());
        if (byScore != 0) {
            return byScore;
        }
        int byCount = Long.compare(b.count(), a.count());
        return byCount != 0 ? byCount : Long.compare(a.pair(), b.pair());
    };

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private long[] frequency;
    private final int[][] words;
    private final int[] lengths;
    private final long[] wordCounts;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
    private final Map<Integer, Set<Long>> pairsOfSymbol = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(BEST_FIRST);
    private final long minFrequency;

    /**
     * @param initialTokens special tokens and the alphabet; every symbol of {@code wordSymbols} must be among them
     * @param wordSymbols   each distinct word as its initial pieces
     * @param wordCounts    how often each word occurs
     */
    WordPieceMerges(List<String> initialTokens, List<List<String>> wordSymbols, long[] wordCounts, long minFrequency) {
        this.tokens = new ArrayList<>(initialTokens);
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        this.frequency = new long[Math.max(16, tokens.size() * 2)];
        this.minFrequency = minFrequency;
        this.wordCounts = wordCounts.clone();
        this.words = new int[wordSymbols.size()][];
        this.lengths = new int[wordSymbols.size()];
        Set<Long> pairs = new HashSet<>();
        for (int w = 0; w < words.length; w++) {
            List<String> symbols = wordSymbols.get(w);
            words[w] = symbols.stream().mapToInt(s -> ids.get(s)).toArray();
            lengths[w] = words[w].length;
            for (int s : words[w]) {
                frequency[s] += wordCounts[w];
            }
            addPairs(w, pairs);
        }
        rescore(pairs);
    }

    /** The vocabulary so far: the initial tokens, then one token per merge that made a new one. */
    List<String> tokens() {
        return tokens;
    }

    /**
     * Makes the best merge.
     *
     * @return false when no pair occurs at least {@code minFrequency} times, so nothing can be merged
     */
    boolean mergeBest() {
        while (!queue.isEmpty()) {
            Candidate best = queue.poll();
            Long count = pairCounts.get(best.pair());
            if (count == null || count != best.count() || score(best.pair(), count) != best.score()) {
                continue; // out of date: a fresh entry was pushed when the pair changed
            }
            merge(best.pair());
            return true;
        }
        return false;
    }

    private void merge(long pair) {
        int left = left(pair);
        int right = right(pair);
        String mergedToken = tokens.get(left) + tokens.get(right).substring(PREFIX.length());
        int merged = ids.computeIfAbsent(mergedToken, token -> {
            tokens.add(token);
            return tokens.size() - 1;
        });
        if (merged >= frequency.length) {
            frequency = Arrays.copyOf(frequency, frequency.length * 2);
        }
        Set<Long> changed = new HashSet<>();
        for (int w : new TreeSet<>(pairWords.remove(pair))) {
            if (!holds(w, left, right)) {
                continue; // the word lost the pair to an earlier merge; the index is cleaned lazily
            }
            removePairs(w, changed);
            int[] symbols = words[w];
            int out = 0;
            for (int i = 0; i < lengths[w]; i++) {
                if (i + 1 < lengths[w] && symbols[i] == left && symbols[i + 1] == right) {
                    symbols[out++] = merged;
                    frequency[left] -= wordCounts[w];
                    frequency[right] -= wordCounts[w];
                    frequency[merged] += wordCounts[w];
                    i++;
                } else {
                    symbols[out++] = symbols[i];
                }
            }
            lengths[w] = out;
            addPairs(w, changed);
        }
        // Every pair that shares a symbol with the merge has a new denominator.
        for (int symbol : new int[] {left, right, merged}) {
            changed.addAll(pairsOfSymbol.getOrDefault(symbol, Set.of()));
        }
        rescore(changed);
    }

    private boolean holds(int w, int left, int right) {
        for (int i = 0; i + 1 < lengths[w]; i++) {
            if (words[w][i] == left && words[w][i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    private void removePairs(int w, Set<Long> changed) {
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long pair = pair(words[w][i], words[w][i + 1]);
            pairCounts.merge(pair, -wordCounts[w], Long::sum);
            changed.add(pair);
        }
    }

    private void addPairs(int w, Set<Long> changed) {
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long pair = pair(words[w][i], words[w][i + 1]);
            pairCounts.merge(pair, wordCounts[w], Long::sum);
            pairWords.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
            changed.add(pair);
        }
    }

    /**
     * Pushes a fresh candidate for each pair that can be merged. Only those are indexed by symbol: a rarer pair's
     * score does not matter until its count changes, and then it is among the changed pairs anyway.
     */
    private void rescore(Set<Long> pairs) {
        for (long pair : pairs) {
            long count = pairCounts.getOrDefault(pair, 0L);
            if (count <= 0) {
                pairCounts.remove(pair);
                pairWords.remove(pair);
            }
            if (count > 0 && count >= minFrequency) {
                queue.add(new Candidate(pair, score(pair, count), count));
                pairsOfSymbol.computeIfAbsent(left(pair), s -> new HashSet<>()).add(pair);
                pairsOfSymbol.computeIfAbsent(right(pair), s -> new HashSet<>()).add(pair);
            } else {
                unindex(left(pair), pair);
                unindex(right(pair), pair);
            }
        }
    }

    private void unindex(int symbol, long pair) {
        Set<Long> pairs = pairsOfSymbol.get(symbol);
        if (pairs != null) {
            pairs.remove(pair);
        }
    }

    private double score(long pair, long count) {
        return count / ((double) frequency[left(pair)] * frequency[right(pair)]);
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int left(long pair) {
        return (int) (pair >>> 32);
    }

    private static int right(long pair) {
        return (int) pair;
    }
}
