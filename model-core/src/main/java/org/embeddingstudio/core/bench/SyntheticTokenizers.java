package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece tokenizers of any size, written as vocab.txt: the five BERT specials, then {@code shared} tokens
 * {@code s0, s1, …} that every such tokenizer has, then tokens {@code PREFIX0, PREFIX1, …} of its own.
 */
final class SyntheticTokenizers {
    static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private SyntheticTokenizers() {
    }

    /** A loaded tokenizer plus how long loading took (excluded from the timed parts). */
    record Loaded(Tokenizer tokenizer, double seconds) {
    }

    /**
     * @param size   tokens in all, specials included
     * @param shared tokens in common with every other synthetic tokenizer, specials included
     */
    static Loaded create(Path folder, int size, int shared, String prefix) throws IOException {
        if (shared < SPECIALS.size() || shared > size) {
            throw new IllegalArgumentException("shared must be in [" + SPECIALS.size() + ", size]");
        }
        List<String> lines = new ArrayList<>(size);
        lines.addAll(SPECIALS);
        for (int i = 0; i < shared - SPECIALS.size(); i++) {
            lines.add("s" + i);
        }
        for (int i = 0; lines.size() < size; i++) {
            lines.add(prefix + i);
        }
        Files.createDirectories(folder);
        Path vocab = folder.resolve("vocab.txt");
        Files.write(vocab, lines);
        long start = System.nanoTime();
        Tokenizer tokenizer = TokenizerLoader.load(vocab);
        return new Loaded(tokenizer, (System.nanoTime() - start) / 1e9);
    }
}
