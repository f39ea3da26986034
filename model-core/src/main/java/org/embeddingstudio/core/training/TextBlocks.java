package org.embeddingstudio.core.training;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain-text file as training sequences, as transformers' {@code run_mlm.py} / {@code run_clm.py} with grouped
 * texts: every non-blank line is encoded with the tokenizer (its special tokens included), the token stream is cut
 * into blocks of the sequence length (the last, shorter block kept if it has two tokens), and a seeded share of the
 * blocks is held out for evaluation.
 */
record TextBlocks(List<long[]> train, List<long[]> held) {
    /**
     * Reads and encodes a UTF-8 text file.
     *
     * @param endOfText a token closing every line that does not already end with it (a decoder's EOS, so packed
     *                  documents are told apart), or -1 for none
     */
    static TextBlocks read(Path file, Tokenizer tokenizer, TrainingConfig config, long endOfText) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new FileFormatException(file, "is not UTF-8 text", e);
        }
        List<long[]> sequences = pack(lines, tokenizer, config.maxLength(), endOfText);
        if (sequences.isEmpty()) {
            throw new FileFormatException(file, "holds no text to train on");
        }
        return split(sequences, config);
    }

    /** The training blocks at a position of the shuffled order, wrapping around. */
    List<long[]> trainRows(int[] order, int offset, int batchSize) {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            rows.add(train.get(order[(offset + i) % order.length]));
        }
        return rows;
    }

    /** The held-out blocks in batches, in order. */
    List<List<long[]>> heldOutBatches(int batchSize) {
        List<List<long[]>> batches = new ArrayList<>();
        for (int from = 0; from < held.size(); from += batchSize) {
            batches.add(held.subList(from, Math.min(held.size(), from + batchSize)));
        }
        return batches;
    }

    static TextBlocks split(List<long[]> sequences, TrainingConfig config) {
        int[] order = Shuffle.permutation(sequences.size(), new SplittableRandom(config.seed()));
        int heldCount = (int) Math.round(sequences.size() * config.evalSplit());
        if (config.evalSplit() > 0 && sequences.size() > 1) {
            heldCount = Math.max(1, Math.min(sequences.size() - 1, heldCount));
        }
        List<long[]> held = new ArrayList<>();
        List<long[]> train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < heldCount ? held : train).add(sequences.get(order[i]));
        }
        return new TextBlocks(train, held);
    }

    static List<long[]> pack(List<String> lines, Tokenizer tokenizer, int maxLength, long endOfText) {
        List<long[]> sequences = new ArrayList<>();
        long[] buffer = new long[maxLength];
        int filled = 0;
        for (String line : lines) {
            String text = line.strip().replace("\uFEFF", "");
            if (text.isEmpty()) {
                continue;
            }
            long[] ids = tokenizer.encode(text).ids();
            boolean closed = endOfText < 0 || ids.length > 0 && ids[ids.length - 1] == endOfText;
            long[] block = closed ? ids : Arrays.copyOf(ids, ids.length + 1);
            if (!closed) {
                block[ids.length] = endOfText;
            }
            for (long id : block) {
                buffer[filled++] = id;
                if (filled == maxLength) {
                    sequences.add(buffer.clone());
                    filled = 0;
                }
            }
        }
        if (filled > 1) {
            sequences.add(Arrays.copyOf(buffer, filled));
        }
        return sequences;
    }
}
