package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * Trains a BERT-style WordPiece vocabulary from texts the way Hugging Face {@code tokenizers}' {@code WordPieceTrainer}
 * does: BPE over a {@code ##}-prefixed alphabet, turned into a WordPiece vocabulary.
 * <ol>
 *   <li>texts are split as the finished tokenizer will split them ({@code BertNormalizer} with optional
 *       lower-casing and accent stripping, then {@code BertPreTokenizer}), and the words counted;</li>
 *   <li>the vocabulary starts with {@code [PAD] [UNK] [CLS] [SEP] [MASK]} (ids 0–4), then the alphabet: every
 *       character of the words, or with {@code limitAlphabet} the most frequent ones (characters of
 *       {@code initialAlphabet} always first), by code point;</li>
 *   <li>then {@code ##c} for every character of the alphabet seen inside a word, in the order the words are first
 *       seen; a character outside the alphabet is left out of its word;</li>
 *   <li>the most frequent adjacent pair, counted over all words times their counts, is merged over and over
 *       ({@code ab + ##c → abc}, {@code ##a + ##b → ##ab}) until the vocabulary has {@code vocabSize} tokens or no
 *       pair occurs {@code minFrequency} times; equally frequent pairs go by smaller ids (see
 *       {@link WordPieceMerges}). The vocabulary is the tokens in order of their ids.</li>
 * </ol>
 * This gives Hugging Face's vocabulary token for token: {@code WordPieceTrainerTest} replays runs of tokenizers
 * 0.22.2. Hugging Face numbers the {@code ##c} symbols in the order its hash map of words happens to iterate, which
 * changes from process to process (and with it the order of equally frequent merges); this trainer takes the words in
 * the order they first occur, one of those orders, so the same texts always give the same vocabulary.
 *
 * <p>A trainer is immutable; {@link #train} may be called from any thread.
 */
public final class WordPieceTrainer {
    /** The special tokens, at ids 0 to 4, as in bert-base-uncased's order of roles. */
    public static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final int vocabSize;
    private final long minFrequency;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int limitAlphabet;
    private final Set<Integer> initialAlphabet;

    private WordPieceTrainer(Builder builder) {
        this.vocabSize = builder.vocabSize;
        this.minFrequency = builder.minFrequency;
        this.limitAlphabet = builder.limitAlphabet;
        this.initialAlphabet = Set.copyOf(builder.initialAlphabet);
        this.lowercase = builder.lowercase;
        this.stripAccents = builder.stripAccents == null ? builder.lowercase : builder.stripAccents;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains a vocabulary and returns it as a BERT tokenizer (normalizer, pre-tokenizer, WordPiece model with
     * {@code ##} and {@code [UNK]}, {@code [CLS] A [SEP]} template), the same document a vocab.txt would load as.
     *
     * @param progress     receives the fraction done, 0 to 1, on the calling thread
     * @param cancellation checked between merges
     * @throws CancellationException when {@code cancellation} was cancelled; nothing is returned
     */
    public Tokenizer train(List<String> texts, DoubleConsumer progress, CancellationToken cancellation) {
        return tokenizer(trainVocabulary(texts, progress, cancellation));
    }

    /** Trains a vocabulary: the lines of its vocab.txt, token {@code i} having id {@code i}. */
    public List<String> trainVocabulary(List<String> texts, DoubleConsumer progress, CancellationToken cancellation) {
        return trainVocabulary(texts, List.of(), progress, cancellation);
    }

    /**
     * Trains with the {@code ##c} symbols numbered first in {@code continuationOrder}: a Hugging Face run numbers
     * them in its hash order, and a test replays that run by giving the same order.
     */
    List<String> trainVocabulary(List<String> texts, List<String> continuationOrder, DoubleConsumer progress,
                                 CancellationToken cancellation) {
        Objects.requireNonNull(progress, "progress");
        Map<String, Long> wordCounts = countWords(texts);
        WordPieceMerges merges = initialMerges(wordCounts, continuationOrder);
        int start = merges.tokens().size();
        int reported = -1;
        while (merges.tokens().size() < vocabSize) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("WordPiece training was cancelled");
            }
            if (!merges.mergeBest()) {
                break;
            }
            // A hundred reports at most: a listener may hop threads for each one.
            int percent = (int) (100L * (merges.tokens().size() - start) / Math.max(1, vocabSize - start));
            if (percent > reported) {
                reported = percent;
                progress.accept(Math.min(1.0, percent / 100.0));
            }
        }
        progress.accept(1.0);
        return List.copyOf(merges.tokens());
    }

    /** A tokenizer for a vocabulary trained with this trainer's settings (lower-casing, accents). */
    public Tokenizer tokenizer(List<String> vocabulary) {
        try {
            return TokenizerLoader.wordPiece(Path.of("trained-wordpiece"), vocabulary,
                    TokenizerSettings.bert(lowercase, stripAccents));
        } catch (FileFormatException e) {
            throw new IllegalArgumentException("the vocabulary is not a usable WordPiece vocabulary: "
                    + e.getMessage(), e);
        }
    }

    /** Writes {@code vocabulary} as a vocab.txt (one token per line, UTF-8), atomically. */
    public static void writeVocabTxt(List<String> vocabulary, Path file) throws IOException {
        AtomicFiles.writeString(file, String.join("\n", vocabulary) + "\n");
    }

    /** The words and their counts, in the order they are first seen. */
    private Map<String, Long> countWords(List<String> texts) {
        BertWordSplitter splitter = new BertWordSplitter(lowercase, stripAccents);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String text : texts) {
            for (String word : splitter.words(text)) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }

    private WordPieceMerges initialMerges(Map<String, Long> wordCounts, List<String> continuationOrder) {
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        for (int c : alphabet(wordCounts)) {
            add(Character.toString(c), tokens, ids);
        }
        continuationOrder.forEach(token -> add(token, tokens, ids));
        int[][] words = new int[wordCounts.size()][];
        long[] counts = new long[wordCounts.size()];
        int w = 0;
        for (Map.Entry<String, Long> word : wordCounts.entrySet()) {
            int[] chars = word.getKey().codePoints().toArray();
            int[] symbols = new int[chars.length];
            int length = 0;
            for (int i = 0; i < chars.length; i++) {
                String character = Character.toString(chars[i]);
                if (ids.containsKey(character)) { // else left out: not in the (limited) alphabet
                    symbols[length++] = add(i == 0 ? character : WordPieceMerges.PREFIX + character, tokens, ids);
                }
            }
            words[w] = Arrays.copyOf(symbols, length);
            counts[w++] = word.getValue();
        }
        return new WordPieceMerges(tokens, words, counts, minFrequency);
    }

    /**
     * Every character of the words, or with a limit the most frequent ones (each occurrence counted times its
     * word's count, the initial alphabet above all), by code point. Equally frequent characters at the limit: the
     * higher code point is dropped first (Hugging Face leaves it to hash order).
     */
    private TreeSet<Integer> alphabet(Map<String, Long> wordCounts) {
        Map<Integer, Long> frequency = new HashMap<>();
        wordCounts.forEach((word, count) -> word.codePoints().forEach(c -> frequency.merge(c, count, Long::sum)));
        initialAlphabet.forEach(c -> frequency.put(c, Long.MAX_VALUE));
        TreeSet<Integer> kept = new TreeSet<>(frequency.keySet());
        if (limitAlphabet >= 0 && kept.size() > limitAlphabet) {
            frequency.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Long>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .limit(kept.size() - limitAlphabet)
                    .forEach(dropped -> kept.remove(dropped.getKey()));
        }
        return kept;
    }

    private static int add(String token, List<String> tokens, Map<String, Integer> ids) {
        return ids.computeIfAbsent(token, t -> {
            tokens.add(t);
            return tokens.size() - 1;
        });
    }

    /** Settings of a {@link WordPieceTrainer}; {@code setX} is required, {@code optX} optional, as in DJL. */
    public static final class Builder {
        private int vocabSize = -1;
        private long minFrequency = 0;
        private boolean lowercase = true;
        private Boolean stripAccents;
        private int limitAlphabet = -1;
        private Set<Integer> initialAlphabet = Set.of();

        private Builder() {
        }

        /** The vocabulary size to reach, special tokens and alphabet included (the alphabet is kept whole). */
        public Builder setVocabSize(int vocabSize) {
            if (vocabSize < SPECIAL_TOKENS.size()) {
                throw new IllegalArgumentException("vocabSize " + vocabSize + " cannot even hold the "
                        + SPECIAL_TOKENS.size() + " special tokens");
            }
            this.vocabSize = vocabSize;
            return this;
        }

        /** A pair seen fewer times than this is never merged (default 0, as Hugging Face). */
        public Builder optMinFrequency(long minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /**
         * Keeps at most this many characters in the alphabet, the most frequent (default: all, as Hugging Face).
         * Characters left out are dropped from the words they occur in; the finished tokenizer gives such a word
         * {@code [UNK]}.
         */
        public Builder optLimitAlphabet(int limitAlphabet) {
            if (limitAlphabet < 0) {
                throw new IllegalArgumentException("limitAlphabet must not be negative, got " + limitAlphabet);
            }
            this.limitAlphabet = limitAlphabet;
            return this;
        }

        /**
         * Characters that join the alphabet even when the texts lack them, and are kept first under
         * {@link #optLimitAlphabet}; one character per code point of {@code characters} (default none).
         */
        public Builder optInitialAlphabet(String characters) {
            this.initialAlphabet = Set.copyOf(characters.codePoints().boxed().toList());
            return this;
        }

        /** Whether text is lower-cased, as bert-base-uncased does (default true). */
        public Builder optLowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        /** Whether accents are stripped; by default exactly when lower-casing, as BERT does. */
        public Builder optStripAccents(boolean stripAccents) {
            this.stripAccents = stripAccents;
            return this;
        }

        public WordPieceTrainer build() {
            if (vocabSize < 0) {
                throw new IllegalStateException("setVocabSize is required");
            }
            return new WordPieceTrainer(this);
        }
    }
}
