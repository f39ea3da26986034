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

/**
 * The merge loop of BPE training. Every distinct word is a sequence of symbol ids; each merge joins the most frequent
 * adjacent pair, left to right, in every word that holds it, as Hugging Face's {@code BpeTrainer} does.
 *
 * <p>Counts are kept incrementally. A merge visits only the words that hold the pair (each pair keeps the list of
 * words it was seen in) and, at each place it merges {@code x L R y} into {@code x M y}, takes the pairs
 * {@code (x,L)}, {@code (L,R)}, {@code (R,y)} off and puts {@code (x,M)}, {@code (M,y)} on. Only pairs holding
 * {@code M} can grow, so only they are pushed onto the queue; an entry whose count has since fallen is pushed
 * again with its current count when it comes up. Without this, 30 000 merges over a few MB would recount
 * every word 30 000 times.
 *
 * <p>Ties between equally frequent pairs go to the pair with the smaller ids (left first, then right), as in Hugging
 * Face's trainer: ids follow a fixed order (the initial symbols as given, then merges in order), so the same words
 * always give the same merges.
 */
final class BpeMerges {
    private record Candidate(long count, int left, int right) {
    }

    private static final Comparator<Candidate> MOST_FREQUENT_FIRST = Comparator
            .comparingLong(Candidate::count).reversed()
            .thenComparingInt(Candidate::left)
            .thenComparingInt(Candidate::right);

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> merges = new ArrayList<>();
    private final Set<Long> mergedPairs = new HashSet<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] wordCounts;
    /** Per word, the merge step that last visited it, so a word listed twice under a pair is merged once. */
    private final int[] visited;
    private int step;
    private final PairTable pairs = new PairTable();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(MOST_FREQUENT_FIRST);
    private final long minFrequency;

    /**
     * @param symbols    the initial tokens (special tokens, then the alphabet); token {@code i} has id {@code i}, and a
     *                   merge that spells one of them reuses its id
     * @param words      each distinct word as ids of {@code symbols} (kept; the arrays are merged in place)
     * @param wordCounts how often each word occurs
     */
    BpeMerges(List<String> symbols, int[][] words, long[] wordCounts, long minFrequency) {
        this.tokens = new ArrayList<>(symbols);
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        this.words = words;
        this.wordCounts = wordCounts;
        this.minFrequency = minFrequency;
        this.lengths = new int[words.length];
        this.visited = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            int[] symbolIds = words[w];
            lengths[w] = symbolIds.length;
            for (int i = 0; i + 1 < symbolIds.length; i++) {
                int slot = pairs.add(symbolIds[i], symbolIds[i + 1], wordCounts[w]);
                pairs.addWord(slot, w);
            }
        }
        for (int slot = 0; slot < pairs.size(); slot++) {
            queue.add(new Candidate(pairs.count(slot), pairs.left(slot), pairs.right(slot)));
        }
    }

    /** The vocabulary so far: the initial tokens, then one per merge that made a new string. */
    List<String> tokens() {
        return tokens;
    }

    /** The merges so far, in order, as {@code "left right"}. */
    List<String> merges() {
        return merges;
    }

    /**
     * Makes the best merge.
     *
     * @return false when no pair occurs at least {@code minFrequency} times (and at least once)
     */
    boolean mergeBest() {
        while (!queue.isEmpty()) {
            Candidate best = queue.poll();
            int slot = pairs.find(best.left(), best.right());
            long count = pairs.count(slot);
            if (count != best.count()) {
                if (count > 0) {
                    queue.add(new Candidate(count, best.left(), best.right())); // it has fallen since
                }
                continue;
            }
            if (count < 1 || count < minFrequency) {
                return false;
            }
            merge(slot, best.left(), best.right());
            return true;
        }
        return false;
    }

    private void merge(int pairSlot, int left, int right) {
        String mergedToken = tokens.get(left) + tokens.get(right);
        // Two different pairs may spell the same string ("a"+"bc", "ab"+"c"): both are merges, one token.
        int merged = ids.computeIfAbsent(mergedToken, token -> {
            tokens.add(token);
            return tokens.size() - 1;
        });
        if (mergedPairs.add(PairTable.key(left, right))) {
            // A pair made again by a later merge (through a reused token) keeps its first rank: the Rust BPE model
            // would silently let a repeated line overwrite the earlier one.
            merges.add(tokens.get(left) + " " + tokens.get(right));
        }
        step++;
        int[] holders = pairs.takeWords(pairSlot);
        List<Integer> grown = new ArrayList<>();
        for (int w : holders) {
            if (visited[w] != step) {
                visited[w] = step;
                mergeInWord(w, left, right, merged, grown);
            }
        }
        for (int slot : grown) {
            long count = pairs.count(slot);
            if (count > 0) {
                queue.add(new Candidate(count, pairs.left(slot), pairs.right(slot)));
            }
        }
    }

    /** Merges every {@code left right} in word {@code w}, left to right, updating the pair counts as it goes. */
    private void mergeInWord(int w, int left, int right, int merged, List<Integer> grown) {
        int[] symbols = words[w];
        int length = lengths[w];
        long count = wordCounts[w];
        int out = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right) {
                // The word reads symbols[0..out) then symbols[i..length): x L R y becomes x M y.
                pairs.add(left, right, -count);
                if (out > 0) {
                    int x = symbols[out - 1];
                    pairs.add(x, left, -count);
                    grow(pairs.add(x, merged, count), w, grown);
                }
                if (i + 2 < length) {
                    int y = symbols[i + 2];
                    pairs.add(right, y, -count);
                    grow(pairs.add(merged, y, count), w, grown);
                }
                symbols[out++] = merged;
                i++;
            } else {
                symbols[out++] = symbols[i];
            }
        }
        lengths[w] = out;
    }

    private void grow(int slot, int w, List<Integer> grown) {
        pairs.addWord(slot, w);
        if (pairs.markGrown(slot, step)) {
            grown.add(slot);
        }
    }

    /**
     * Pair → count and the words it was seen in, by open addressing on {@code left << 32 | right}: boxing every
     * count in a {@code HashMap<Long, Long>} would make the merge loop several times slower. Pairs are never
     * removed; a pair that no longer occurs has count 0.
     */
    private static final class PairTable {
        private static final long EMPTY = -1L;
        private long[] keys = filled(1 << 12);
        private int[] slotOfKey = new int[1 << 12];
        private long[] keyOfSlot = new long[1 << 10];
        private long[] counts = new long[1 << 10];
        private int[][] wordLists = new int[1 << 10][];
        private int[] wordListSizes = new int[1 << 10];
        private int[] grownAt = new int[1 << 10];
        private int size;

        int size() {
            return size;
        }

        int left(int slot) {
            return (int) (keyOfSlot[slot] >>> 32);
        }

        int right(int slot) {
            return (int) keyOfSlot[slot];
        }

        long count(int slot) {
            return slot < 0 ? 0 : counts[slot];
        }

        /** The slot of a pair, or -1 when it was never seen. */
        int find(int left, int right) {
            long key = key(left, right);
            int mask = keys.length - 1;
            for (int h = hash(key) & mask; ; h = (h + 1) & mask) {
                if (keys[h] == key) {
                    return slotOfKey[h];
                }
                if (keys[h] == EMPTY) {
                    return -1;
                }
            }
        }

        /** Adds {@code delta} to a pair's count, creating the pair when new; returns its slot. */
        int add(int left, int right, long delta) {
            long key = key(left, right);
            int mask = keys.length - 1;
            int h = hash(key) & mask;
            while (keys[h] != EMPTY && keys[h] != key) {
                h = (h + 1) & mask;
            }
            int slot;
            if (keys[h] == key) {
                slot = slotOfKey[h];
            } else {
                slot = size++;
                keys[h] = key;
                slotOfKey[h] = slot;
                ensureSlots(size);
                keyOfSlot[slot] = key;
                if (size * 2 > keys.length) {
                    rehash(keys.length * 2);
                }
            }
            counts[slot] += delta;
            return slot;
        }

        /** Marks a pair as grown in merge step {@code step}; false when it was already marked in that step. */
        boolean markGrown(int slot, int step) {
            if (grownAt[slot] == step) {
                return false;
            }
            grownAt[slot] = step;
            return true;
        }

        /**
         * Notes that word {@code w} holds the pair. A word's pairs are noted while that word is being read or merged,
         * so a repeat is always the last entry and is skipped; a word visited again later may be listed twice.
         */
        void addWord(int slot, int w) {
            int n = wordListSizes[slot];
            int[] list = wordLists[slot];
            if (n > 0 && list[n - 1] == w) {
                return;
            }
            if (list == null) {
                list = wordLists[slot] = new int[4];
            } else if (n == list.length) {
                list = wordLists[slot] = Arrays.copyOf(list, n * 2);
            }
            list[n] = w;
            wordListSizes[slot] = n + 1;
        }

        /** The words listed under a pair (possibly some twice, or some that lost it since), emptying the list. */
        int[] takeWords(int slot) {
            int[] list = wordLists[slot] == null ? new int[0] : Arrays.copyOf(wordLists[slot], wordListSizes[slot]);
            wordLists[slot] = null;
            wordListSizes[slot] = 0;
            return list;
        }

        private void ensureSlots(int needed) {
            if (needed > keyOfSlot.length) {
                int capacity = keyOfSlot.length * 2;
                keyOfSlot = Arrays.copyOf(keyOfSlot, capacity);
                counts = Arrays.copyOf(counts, capacity);
                wordLists = Arrays.copyOf(wordLists, capacity);
                wordListSizes = Arrays.copyOf(wordListSizes, capacity);
                grownAt = Arrays.copyOf(grownAt, capacity);
            }
        }

        private void rehash(int capacity) {
            keys = filled(capacity);
            slotOfKey = new int[capacity];
            int mask = capacity - 1;
            for (int slot = 0; slot < size; slot++) {
                int h = hash(keyOfSlot[slot]) & mask;
                while (keys[h] != EMPTY) {
                    h = (h + 1) & mask;
                }
                keys[h] = keyOfSlot[slot];
                slotOfKey[h] = slot;
            }
        }

        private static long[] filled(int capacity) {
            long[] array = new long[capacity];
            Arrays.fill(array, EMPTY);
            return array;
        }

        static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
