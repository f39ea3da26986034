package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * Trains a BERT-style WordPiece vocabulary from texts, in the shape of Hugging Face {@code tokenizers}'
 * {@code WordPieceTrainer}:
 * <ol>
 *   <li>texts are split as the finished tokenizer will split them ({@code BertNormalizer} with optional
 *       lower-casing and accent stripping, then {@code BertPreTokenizer}), and the words counted;</li>
 *   <li>the vocabulary starts with {@code [PAD] [UNK] [CLS] [SEP] [MASK]} (ids 0–4), then every word-initial
 *       character, then every continuation character as {@code ##c}, each group by code point;</li>
 *   <li>the adjacent pair with the best score {@code freq(ab) / (freq(a) * freq(b))} is merged, over and over, until
 *       the vocabulary has {@code vocabSize} tokens or no pair occurs {@code minFrequency} times.</li>
 * </ol>
 * The score is the WordPiece criterion described in the Hugging Face course (after Schuster &amp; Nakajima 2012,
 * https://research.google/pubs/pub37842/): it prefers pairs whose parts seldom occur apart. (The Rust
 * {@code WordPieceTrainer} itself delegates to its BPE trainer and ranks by raw pair count.) Ties are broken by
 * count and then by token text, so the same texts always give the same vocabulary.
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

    private WordPieceTrainer(Builder builder) {
        this.vocabSize = builder.vocabSize;
        this.minFrequency = builder.minFrequency;
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
        Objects.requireNonNull(progress, "progress");
        Map<String, Long> wordCounts = countWords(texts);
        WordPieceMerges merges = initialMerges(wordCounts);
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

    private Map<String, Long> countWords(List<String> texts) {
        BertWordSplitter splitter = new BertWordSplitter(lowercase, stripAccents);
        Map<String, Long> counts = new HashMap<>();
        for (String text : texts) {
            for (String word : splitter.words(text)) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return new TreeMap<>(counts); // sorted, so word order never depends on hashing
    }

    private WordPieceMerges initialMerges(Map<String, Long> wordCounts) {
        TreeSet<Integer> initials = new TreeSet<>();
        TreeSet<Integer> continuations = new TreeSet<>();
        List<List<String>> wordSymbols = new ArrayList<>(wordCounts.size());
        long[] counts = new long[wordCounts.size()];
        int w = 0;
        for (Map.Entry<String, Long> word : wordCounts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            int[] chars = word.getKey().codePoints().toArray();
            for (int i = 0; i < chars.length; i++) {
                (i == 0 ? initials : continuations).add(chars[i]);
                symbols.add(i == 0 ? Character.toString(chars[i]) : WordPieceMerges.PREFIX + Character.toString(chars[i]));
            }
            wordSymbols.add(symbols);
            counts[w++] = word.getValue();
        }
        List<String> alphabet = new ArrayList<>(SPECIAL_TOKENS);
        initials.forEach(c -> alphabet.add(Character.toString(c)));
        continuations.forEach(c -> alphabet.add(WordPieceMerges.PREFIX + Character.toString(c)));
        return new WordPieceMerges(alphabet, wordSymbols, counts, minFrequency);
    }

    /** Settings of a {@link WordPieceTrainer}; {@code setX} is required, {@code optX} optional, as in DJL. */
    public static final class Builder {
        private int vocabSize = -1;
        private long minFrequency = 0;
        private boolean lowercase = true;
        private Boolean stripAccents;

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
