package org.embeddingstudio.core;

import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small real tokenizers for tests, written as BERT vocab.txt files. */
public final class TestTokenizers {
    public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private TestTokenizers() {
    }

    /** A WordPiece tokenizer whose ids are the specials, then {@code tokens} in order. */
    public static Tokenizer wordPiece(Path folder, List<String> tokens) {
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(tokens);
        return fromVocabTxt(folder, all);
    }

    /** A WordPiece tokenizer with exactly these lines as its vocab.txt. */
    public static Tokenizer fromVocabTxt(Path folder, List<String> lines) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("vocab.txt"), lines);
            return TokenizerLoader.load(folder.resolve("vocab.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** English-ish words: enough for sentences in tests. */
    public static List<String> words(String... extra) {
        List<String> words = new ArrayList<>(List.of("the", "cat", "sat", "on", "mat", "a", "dog", "ran", "##s",
                "##ed", "and", "is", "was", "big", "small", "red", "house", ".", ","));
        words.addAll(List.of(extra));
        return words;
    }
}
