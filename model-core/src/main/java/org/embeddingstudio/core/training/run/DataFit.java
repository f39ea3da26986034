package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.overlap.CorpusCounter;
import org.embeddingstudio.core.overlap.TokenizerCoverage;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.LabeledExample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a run's data suits the tokenizer of the embedding it trains, judged on a sample of its first texts. Data in
 * another language than the embedding's vocabulary trains without complaint, and badly: many unknown tokens, or
 * words cut into many pieces. The numbers say so before a run is spent on it.
 *
 * @param embedding the embedding whose tokenizer cut the sample
 * @param texts     texts in the sample
 * @param coverage  how the tokenizer cut them
 * @param spaced    whether the sample's words are separated by spaces (tokens per word means nothing for Japanese,
 *                  Chinese or Thai, where a "word" is a whole line)
 */
public record DataFit(String embedding, int texts, TokenizerCoverage coverage, boolean spaced) {
    /** Texts read from the start of the data. */
    public static final int SAMPLE_TEXTS = 500;
    /** Above this share of unknown tokens the data likely does not suit the tokenizer. */
    public static final double HIGH_UNKNOWN_RATE = 0.05;
    /**
     * Above this many tokens per word, the vocabulary cuts the data's words into pieces: bert-base-uncased cuts
     * English to about 1.3 and German to about 2.4.
     */
    public static final double HIGH_FERTILITY = 3.0;
    /** Longer average "words" than this mean the text is not separated by spaces. */
    private static final double SPACED_WORD_CHARACTERS = 20;

    /** Measures the first {@link #SAMPLE_TEXTS} texts of {@code data} (the text column for classification). */
    public static DataFit measure(String embedding, Tokenizer tokenizer, Objective objective, Path data,
                                  ClassificationDatasetReader.Columns columns) throws IOException {
        return of(embedding, tokenizer, sample(objective, data, columns));
    }

    /** Measures {@code texts} as cut by {@code tokenizer}. */
    public static DataFit of(String embedding, Tokenizer tokenizer, List<String> texts) {
        TokenizerCoverage coverage = CorpusCounter.coverageOf(tokenizer, texts);
        long characters = texts.stream().mapToLong(t -> t.codePointCount(0, t.length())).sum();
        boolean spaced = coverage.words() > 0 && (double) characters / coverage.words() <= SPACED_WORD_CHARACTERS;
        return new DataFit(embedding, texts.size(), coverage, spaced);
    }

    private static List<String> sample(Objective objective, Path data, ClassificationDatasetReader.Columns columns)
            throws IOException {
        TrainingData.requireUtf8(data);
        if (objective == Objective.CLASSIFICATION) {
            List<String> texts = new ArrayList<>();
            for (LabeledExample example : ClassificationDatasetReader.read(data, columns)) {
                if (texts.size() == SAMPLE_TEXTS) {
                    break;
                }
                texts.add(example.text());
            }
            return texts;
        }
        try (Stream<String> lines = Files.lines(data, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).limit(SAMPLE_TEXTS).toList();
        }
    }

    /** Whether the sample's tokens are too often unknown, or its words cut into too many pieces. */
    public boolean poor() {
        return coverage.unknownRate() > HIGH_UNKNOWN_RATE || spaced && coverage.fertility() > HIGH_FERTILITY;
    }

    /** What a researcher should hear before training on this data, when the fit is poor. */
    public Optional<String> warning() {
        if (!poor()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Under the tokenizer of '%s', the first %d texts of the data "
                        + "have %.1f %% unknown tokens%s: is the data in that embedding's language?", embedding, texts,
                100 * coverage.unknownRate(), spaced ? String.format(Locale.ROOT, " and %.1f tokens per word",
                        coverage.fertility()) : ""));
    }
}
