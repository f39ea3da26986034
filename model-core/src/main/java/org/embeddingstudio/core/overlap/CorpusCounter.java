package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures {@link CorpusCoverage}: encodes a UTF-8 text file (one text per line) with the target and the reference
 * tokenizer, in batches, the two tokenizers on two threads (the machine this targets has two cores).
 */
public final class CorpusCounter {
    /** Lines per native batch call: the native library spreads a batch over the cores, so batches must be large. */
    private static final int BATCH_LINES = 2048;

    private CorpusCounter() {
    }

    /**
     * Coverage of {@code corpus} for an overlap made from {@code target}'s and {@code reference}'s vocabularies.
     *
     * @param topRandom how many of the most frequent random-start tokens to list
     * @throws FileFormatException when the corpus is not UTF-8
     */
    public static CorpusCoverage measure(Path corpus, Tokenizer target, Tokenizer reference,
                                         VocabularyOverlap overlap, int topRandom) throws IOException {
        return measure(corpus, target, reference, overlap, topRandom, CancellationToken.none());
    }

    /**
     * As {@link #measure(Path, Tokenizer, Tokenizer, VocabularyOverlap, int)}, stopping between batches of lines when
     * {@code cancellation} is cancelled.
     *
     * @throws CancellationException when cancelled (nothing is returned, nothing was changed)
     */
    public static CorpusCoverage measure(Path corpus, Tokenizer target, Tokenizer reference,
                                         VocabularyOverlap overlap, int topRandom, CancellationToken cancellation)
            throws IOException {
        List<String> lines = readLines(corpus);
        TextSize words = TextSize.of(lines);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<long[]> targetCounts = pool.submit(() -> countIds(target, lines, cancellation));
            Future<long[]> referenceCounts = pool.submit(() -> countIds(reference, lines, cancellation));
            return coverage(words, targetCounts.get(), referenceCounts.get(), target, reference, overlap, topRandom);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding " + corpus, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException cancelled) {
                throw cancelled;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("could not encode " + corpus + ": " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static CorpusCoverage coverage(TextSize words, long[] targetCounts, long[] referenceCounts,
                                           Tokenizer target, Tokenizer reference, VocabularyOverlap overlap,
                                           int topRandom) {
        boolean[] copied = new boolean[targetCounts.length];
        for (int row : overlap.mapping().targetRows()) {
            copied[row] = true;
        }
        boolean[] falseFriendCopy = new boolean[targetCounts.length];
        int[] rows = overlap.mapping().targetRows();
        for (FalseFriend friend : overlap.falseFriends()) {
            int at = Arrays.binarySearch(rows, friend.targetId());
            falseFriendCopy[friend.targetId()] = at >= 0
                    && overlap.mapping().referenceRows()[at] == friend.referenceId();
        }
        long copiedOccurrences = 0;
        long falseFriendOccurrences = 0;
        List<CorpusCoverage.TokenCount> random = new ArrayList<>();
        for (int id = 0; id < targetCounts.length; id++) {
            if (copied[id]) {
                copiedOccurrences += targetCounts[id];
                falseFriendOccurrences += falseFriendCopy[id] ? targetCounts[id] : 0;
            } else if (targetCounts[id] > 0) {
                random.add(new CorpusCoverage.TokenCount(id, target.vocabulary().label(id), targetCounts[id]));
            }
        }
        random.sort(Comparator.comparingLong(CorpusCoverage.TokenCount::count).reversed()
                .thenComparingInt(CorpusCoverage.TokenCount::id));
        return new CorpusCoverage(summary(words, targetCounts, target), summary(words, referenceCounts, reference),
                copiedOccurrences, falseFriendOccurrences, random.subList(0, Math.min(topRandom, random.size())),
                targetCounts, referenceCounts);
    }

    /** How {@code tokenizer} cuts {@code lines}: words, tokens and unknown tokens (a sample, held in memory). */
    public static TokenizerCoverage coverageOf(Tokenizer tokenizer, List<String> lines) {
        return summary(TextSize.of(lines), countIds(tokenizer, lines, CancellationToken.none()), tokenizer);
    }

    private static TokenizerCoverage summary(TextSize text, long[] counts, Tokenizer tokenizer) {
        long tokens = 0;
        for (long count : counts) {
            tokens += count;
        }
        int unk = tokenizer.vocabulary().specialTokenId(SpecialTokenRole.UNK).orElse(-1);
        return new TokenizerCoverage(text.words(), text.characters(), text.bytes(), tokens,
                unk < 0 ? 0 : counts[unk]);
    }

    /** Words, characters and UTF-8 bytes of the lines, what tokens are counted per. */
    private record TextSize(long words, long characters, long bytes) {
        static TextSize of(List<String> lines) {
            long words = 0;
            long characters = 0;
            long bytes = 0;
            for (String line : lines) {
                words += countWords(line);
                characters += line.codePointCount(0, line.length());
                bytes += line.getBytes(StandardCharsets.UTF_8).length;
            }
            return new TextSize(words, characters, bytes);
        }
    }

    /** Occurrences of each id when {@code tokenizer} encodes every line. */
    private static long[] countIds(Tokenizer tokenizer, List<String> lines, CancellationToken cancellation) {
        long[] counts = new long[tokenizer.vocabulary().size()];
        for (int from = 0; from < lines.size(); from += BATCH_LINES) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("measuring corpus coverage");
            }
            List<String> batch = lines.subList(from, Math.min(lines.size(), from + BATCH_LINES));
            tokenizer.countIds(batch, counts);
        }
        return counts;
    }

    static long countWords(String line) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            boolean space = Character.isWhitespace(line.charAt(i));
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }
        return words;
    }

    private static List<String> readLines(Path corpus) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // A byte-order mark is not text; Notepad and the Gutenberg files start with one.
                String text = lines.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line;
                if (!text.isBlank()) {
                    lines.add(text);
                }
            }
        } catch (CharacterCodingException e) {
            throw new FileFormatException(corpus, "is not UTF-8 text", e);
        }
        return lines;
    }
}
