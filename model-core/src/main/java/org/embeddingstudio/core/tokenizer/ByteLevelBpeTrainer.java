package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.task.CancellationToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * Trains a GPT-2 / RoBERTa-style byte-level BPE vocabulary from texts, in the shape of Hugging Face {@code tokenizers}'
 * {@code BpeTrainer} with the {@code ByteLevel} pre-tokenizer:
 * <ol>
 *   <li>texts are split by GPT-2's pattern and each piece written as its UTF-8 bytes in {@link ByteLevelAlphabet}
 *       ({@code " Käse"} → {@code "ĠKÃ¤se"}), exactly as the finished tokenizer will split them; the pieces are
 *       counted;</li>
 *   <li>the vocabulary starts with the special tokens (by default RoBERTa's {@code <s> <pad> </s> <unk> <mask>},
 *       ids 0–4), then all 256 byte symbols by code point (GPT-2's own order), so any text can be encoded and no
 *       unknown token is ever needed;</li>
 *   <li>the most frequent adjacent pair is merged, over and over, until the vocabulary has {@code vocabSize} tokens or
 *       no pair occurs {@code minFrequency} times; equally frequent pairs go by smaller ids, as in Hugging Face.</li>
 * </ol>
 * The result is a tokenizer.json with a BPE model ({@code vocab} and {@code merges} as {@code "left right"} lines,
 * the form every tokenizers version reads), ByteLevel pre-tokenizer and decoder, and RoBERTa's post-processor.
 *
 * <p>A trainer is immutable; {@link #train} may be called from any thread.
 */
public final class ByteLevelBpeTrainer {
    /** RoBERTa's special tokens, in RoBERTa's ids 0 to 4. */
    public static final List<String> ROBERTA_SPECIAL_TOKENS = List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>");
    /** Every byte has a symbol. */
    public static final int ALPHABET_SIZE = 256;

    /** The vocabulary and merges of a trained byte-level BPE; token {@code i} has id {@code i}. */
    public record Model(List<String> vocabulary, List<String> merges) {
        public Model {
            vocabulary = List.copyOf(vocabulary);
            merges = List.copyOf(merges);
        }
    }

    private final int vocabSize;
    private final long minFrequency;
    private final List<String> specialTokens;
    private final boolean addPrefixSpace;

    private ByteLevelBpeTrainer(Builder builder) {
        this.vocabSize = builder.vocabSize;
        this.minFrequency = builder.minFrequency;
        this.specialTokens = builder.specialTokens;
        this.addPrefixSpace = builder.addPrefixSpace;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The smallest vocabulary size for {@code specialTokens}: they and the 256 byte symbols. */
    public static int minimumVocabSize(int specialTokens) {
        return specialTokens + ALPHABET_SIZE;
    }

    /**
     * Trains and returns the tokenizer (not yet saved: {@link Tokenizer#saveTo} writes it).
     *
     * @param progress     receives the fraction done, 0 to 1, on the calling thread
     * @param cancellation checked between merges
     * @throws CancellationException when {@code cancellation} was cancelled; nothing is returned
     */
    public Tokenizer train(List<String> texts, DoubleConsumer progress, CancellationToken cancellation) {
        return tokenizer(trainModel(texts, progress, cancellation));
    }

    /** Trains the vocabulary and merges. */
    public Model trainModel(List<String> texts, DoubleConsumer progress, CancellationToken cancellation) {
        Objects.requireNonNull(progress, "progress");
        BpeMerges merges = initialMerges(countWords(texts));
        int target = vocabSize;
        int start = merges.tokens().size();
        int reported = -1;
        while (merges.tokens().size() < target) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("BPE training was cancelled");
            }
            if (!merges.mergeBest()) {
                break;
            }
            // A hundred reports at most: a listener may hop threads for each one.
            int percent = (int) (100L * (merges.tokens().size() - start) / Math.max(1, target - start));
            if (percent > reported) {
                reported = percent;
                progress.accept(Math.min(1.0, percent / 100.0));
            }
        }
        progress.accept(1.0);
        return new Model(merges.tokens(), merges.merges());
    }

    /** A tokenizer for a model trained with this trainer's settings (special tokens, prefix space). */
    public Tokenizer tokenizer(Model model) {
        try {
            return TokenizerLoader.byteLevelBpe(Path.of("trained-bpe"), model.vocabulary(), model.merges(),
                    TokenizerSettings.byteLevelBpe(specialTokens, addPrefixSpace));
        } catch (FileFormatException e) {
            throw new IllegalArgumentException("the model is not a usable byte-level BPE: " + e.getMessage(), e);
        }
    }

    private Map<String, long[]> countWords(List<String> texts) {
        ByteLevelWordSplitter splitter = new ByteLevelWordSplitter(addPrefixSpace);
        Map<String, long[]> counts = new HashMap<>();
        for (String text : texts) {
            splitter.forEachWord(text, word -> counts.computeIfAbsent(word, w -> new long[1])[0]++);
        }
        return counts;
    }

    /**
     * The special tokens, then the byte symbols by code point (GPT-2's own order), as Hugging Face's trainer lays them
     * out; a merge that spells a special token (a corpus with a literal {@code <s>}) gets the special token's id.
     */
    private BpeMerges initialMerges(Map<String, long[]> wordCounts) {
        List<String> initial = new ArrayList<>(specialTokens);
        char[] symbols = new char[ALPHABET_SIZE];
        for (int b = 0; b < ALPHABET_SIZE; b++) {
            symbols[b] = ByteLevelAlphabet.symbol(b);
        }
        Arrays.sort(symbols);
        int[] idOfChar = new int[512];
        for (char symbol : symbols) {
            int special = specialTokens.indexOf(String.valueOf(symbol));
            idOfChar[symbol] = special >= 0 ? special : initial.size();
            if (special < 0) {
                initial.add(String.valueOf(symbol));
            }
        }
        int[][] words = new int[wordCounts.size()][];
        long[] counts = new long[wordCounts.size()];
        int w = 0;
        for (Map.Entry<String, long[]> word : wordCounts.entrySet()) {
            String text = word.getKey();
            int[] ids = new int[text.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = idOfChar[text.charAt(i)];
            }
            words[w] = ids;
            counts[w++] = word.getValue()[0];
        }
        return new BpeMerges(initial, words, counts, minFrequency);
    }

    /** Settings of a {@link ByteLevelBpeTrainer}; {@code setX} is required, {@code optX} optional, as in DJL. */
    public static final class Builder {
        private int vocabSize = -1;
        private long minFrequency = 0;
        private List<String> specialTokens = ROBERTA_SPECIAL_TOKENS;
        private boolean addPrefixSpace;

        private Builder() {
        }

        /**
         * The vocabulary size to reach: special tokens, 256 byte symbols and merged tokens. Checked by
         * {@link #build}, against the special tokens then chosen.
         */
        public Builder setVocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        /** A pair seen fewer times than this is never merged (default 0, as Hugging Face). */
        public Builder optMinFrequency(long minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /**
         * The special tokens, ids 0, 1, …; default {@link #ROBERTA_SPECIAL_TOKENS}. {@code <s>}, {@code </s>},
         * {@code <unk>}, {@code <pad>}, {@code <mask>} and GPT-2's {@code <|endoftext|>} get their usual roles;
         * other tokens become additional special tokens.
         */
        public Builder optSpecialTokens(List<String> specialTokens) {
            List<String> copy = List.copyOf(specialTokens);
            if (new LinkedHashSet<>(copy).size() != copy.size()) {
                throw new IllegalArgumentException("special tokens repeat: " + copy);
            }
            if (copy.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a special token cannot be empty");
            }
            this.specialTokens = copy;
            return this;
        }

        /**
         * Whether a text not starting with a space gets one, so that its first word is spelled as elsewhere
         * ({@code Ġword}); default false, as GPT-2 and RoBERTa.
         */
        public Builder optAddPrefixSpace(boolean addPrefixSpace) {
            this.addPrefixSpace = addPrefixSpace;
            return this;
        }

        public ByteLevelBpeTrainer build() {
            if (vocabSize < 0) {
                throw new IllegalStateException("setVocabSize is required");
            }
            int minimum = minimumVocabSize(specialTokens.size());
            if (vocabSize < minimum) {
                throw new IllegalArgumentException("vocabSize " + vocabSize + " cannot hold the "
                        + specialTokens.size() + " special tokens and the " + ALPHABET_SIZE
                        + " byte symbols; it must be at least " + minimum);
            }
            return new ByteLevelBpeTrainer(this);
        }
    }
}
