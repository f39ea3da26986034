package org.embeddingstudio.core.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The merge loop of WordPiece training, which is BPE over {@code ##}-prefixed symbols, as in Hugging Face
 * {@code tokenizers}' {@code BpeTrainer} with a {@code continuing_subword_prefix} (what its {@code WordPieceTrainer}
 * runs). Every distinct word is a sequence of symbol ids (a word-initial piece, then {@code ##} pieces); each merge
 * joins the most frequent adjacent pair, weighted by word counts, and the new token is the left piece followed by the
 * right one without its {@code ##} ({@code ab + ##c → abc}, {@code ##a + ##b → ##ab}).
 *
 * <p>The bookkeeping follows that trainer's, because its results depend on it:
 * <ul>
 *   <li>Candidates wait in a queue ordered by count, then by the smaller pair of ids (left, then right). Each entry
 *       carries the words the pair was <em>added</em> to since the pair's previous entry; a merge joins the pair
 *       only in the words of the entry that won. An entry whose count is out of date is put back with the current
 *       count and its own words.</li>
 *   <li>Merging {@code x L R y} into {@code x M y} takes {@code (x,L)} and {@code (R,y)} off and puts {@code (x,M)}
 *       and {@code (M,y)} on; the merged pair's own count is left as it was. This matters when two merges spell the
 *       same token ({@code a + ##bc} and {@code ab + ##c} both make {@code abc}, which keeps its first id): pairs
 *       of that token then grow from their earlier counts and get a new entry with just the new words.</li>
 * </ul>
 * Equal entries of one pair (same count) go oldest first; in Hugging Face their order is left to the heap.
 */
final class WordPieceMerges {
    static final String PREFIX = "##";

    private record Entry(long count, long pair, int[] words, long sequence) {
    }

    private static final Comparator<Entry> BEST_FIRST = Comparator
            .comparingLong(Entry::count).reversed()
            .thenComparingLong(Entry::pair) // ids are never negative: (left, right) in order
            .thenComparingLong(Entry::sequence);

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] wordCounts;
    private final Map<Long, long[]> pairCounts = new HashMap<>();
    /** Per pair, the words it was added to in the current step (each word once, in the order visited). */
    private final Map<Long, IntList> added = new LinkedHashMap<>();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(BEST_FIRST);
    private final long minFrequency;
    private long sequence;

    /**
     * @param initialTokens special tokens, the alphabet and the {@code ##} symbols; token {@code i} has id {@code i}
     * @param words         each distinct word as ids of {@code initialTokens} (kept; merged in place)
     * @param wordCounts    how often each word occurs
     */
    WordPieceMerges(List<String> initialTokens, int[][] words, long[] wordCounts, long minFrequency) {
        this.tokens = new ArrayList<>(initialTokens);
        for (int id = 0; id < tokens.size(); id++) {
            ids.putIfAbsent(tokens.get(id), id);
        }
        this.minFrequency = minFrequency;
        this.wordCounts = wordCounts;
        this.words = words;
        this.lengths = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            lengths[w] = words[w].length;
            for (int i = 0; i + 1 < lengths[w]; i++) {
                change(pair(words[w][i], words[w][i + 1]), 1, w);
            }
        }
        pushAdded();
    }

    /** The vocabulary so far: the initial tokens, then one token per merge that made a new one. */
    List<String> tokens() {
        return tokens;
    }

    /**
     * Makes the best merge.
     *
     * @return false when no pair occurs at least {@code minFrequency} times (and at least once)
     */
    boolean mergeBest() {
        while (!queue.isEmpty()) {
            Entry top = queue.poll();
            long count = count(top.pair());
            if (count != top.count()) {
                queue.add(new Entry(count, top.pair(), top.words(), sequence++));
                continue;
            }
            if (count < 1 || count < minFrequency) {
                return false;
            }
            merge(top);
            return true;
        }
        return false;
    }

    private void merge(Entry entry) {
        int left = left(entry.pair());
        int right = right(entry.pair());
        String rightToken = tokens.get(right);
        String mergedToken = tokens.get(left)
                + (rightToken.startsWith(PREFIX) ? rightToken.substring(PREFIX.length()) : rightToken);
        int merged = ids.computeIfAbsent(mergedToken, token -> {
            tokens.add(token);
            return tokens.size() - 1;
        });
        for (int w : entry.words()) {
            mergeInWord(w, left, right, merged);
        }
        pushAdded();
    }

    /** Joins every {@code left right} in word {@code w}, left to right, noting the pairs that change. */
    private void mergeInWord(int w, int left, int right, int merged) {
        int[] symbols = words[w];
        int length = lengths[w];
        int out = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right) {
                // The word reads symbols[0..out) then symbols[i..length): x L R y becomes x M y.
                if (out > 0) {
                    int x = symbols[out - 1];
                    change(pair(x, left), -1, w);
                    change(pair(x, merged), 1, w);
                }
                if (i + 2 < length) {
                    int y = symbols[i + 2];
                    change(pair(right, y), -1, w);
                    change(pair(merged, y), 1, w);
                }
                symbols[out++] = merged;
                i++;
            } else {
                symbols[out++] = symbols[i];
            }
        }
        lengths[w] = out;
    }

    private void change(long pair, int delta, int w) {
        pairCounts.computeIfAbsent(pair, p -> new long[1])[0] += delta * wordCounts[w];
        if (delta > 0) {
            added.computeIfAbsent(pair, p -> new IntList()).addOnce(w);
        }
    }

    /** Queues an entry for every pair added to words in this step that occurs at all. */
    private void pushAdded() {
        for (Map.Entry<Long, IntList> pair : added.entrySet()) {
            long count = count(pair.getKey());
            if (count > 0) {
                queue.add(new Entry(count, pair.getKey(), pair.getValue().toArray(), sequence++));
            }
        }
        added.clear();
    }

    private long count(long pair) {
        long[] count = pairCounts.get(pair);
        return count == null ? 0 : count[0];
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

    /** A growable list of word indices; a word is visited in one go, so a repeat is always the last entry. */
    private static final class IntList {
        private int[] values = new int[2];
        private int size;

        void addOnce(int value) {
            if (size > 0 && values[size - 1] == value) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
