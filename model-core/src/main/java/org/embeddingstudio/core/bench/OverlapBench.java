package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.overlap.CorpusCounter;
import org.embeddingstudio.core.overlap.CorpusCoverage;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.SpecialTokenRole;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The issue's overlap targets: matching a 250 000-token against a 120 000-token vocabulary in under 100 ms, and
 * coverage of a 10 MB corpus with both tokenizers in under 10 s on 2 cores. Prints figures, asserts nothing.
 *
 * <p>The corpus part needs the shared fixtures (bert-base-uncased, clip-bpe, the Leipzig English sentences); it is
 * skipped without them. Set {@code -Dfixtures=DIR} when they are not in {@code ../shared/fixtures}.
 */
public final class OverlapBench {
    private static final int RUNS = 15;
    private final Path work;

    OverlapBench(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("overlap-bench");
        try {
            new OverlapBench(work).run();
        } finally {
            Deletes.recursively(work);
        }
    }

    void run() throws IOException {
        matching();
        coverage();
    }

    private static void matching() {
        // A byte-level BPE of 250 000 and a WordPiece of 120 000 tokens; 60 000 words are in both, so normalized
        // matching has real work (Ġword ↔ word, word ↔ ##word) and exact matching finds false friends.
        Vocabulary bpe = synthetic(new SubwordConventions(TokenizerKind.BPE, "", "", true, ""), 250_000, "Ġ", "");
        Vocabulary wordPiece = synthetic(new SubwordConventions(TokenizerKind.WORDPIECE, "##", "", false, ""),
                120_000, "", "##");
        for (MatchOptions options : List.of(MatchOptions.exact(), MatchOptions.normalized(),
                MatchOptions.normalized().withCaseFolding(true).withUnicodeNfkc(true))) {
            double[] seconds = new double[RUNS];
            VocabularyOverlap overlap = null;
            for (int i = -5; i < RUNS; i++) {
                long start = System.nanoTime();
                overlap = VocabularyMatcher.match(bpe, wordPiece, options);
                if (i >= 0) {
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            System.out.println(String.format(Locale.ROOT, "overlap 250k x 120k %s%s: median %.1f ms (min %.1f) "
                            + "over %d runs after 5 warm-ups; shared %d, false friends %d",
                    options.mode(), options.caseFolding() ? "+fold+nfkc" : "", 1000 * Stats.median(seconds),
                    1000 * Arrays.stream(seconds).min().orElse(0), RUNS, overlap.shared(),
                    overlap.falseFriends().size()));
        }
    }

    /** Specials, then words w0, w1, … alternately word-initial (with {@code start}) and continuing ({@code cont}). */
    private static Vocabulary synthetic(SubwordConventions conventions, int size, String start, String cont) {
        Vocabulary.Builder builder = Vocabulary.builder(conventions);
        List<String> specials = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
        specials.forEach(builder::addModelToken);
        for (int i = 0; builder.modelSize() < size; i++) {
            builder.addModelToken((i % 2 == 0 ? start : cont) + "w" + (i / 2));
        }
        return builder.specialToken(SpecialTokenRole.PAD, "[PAD]").specialToken(SpecialTokenRole.UNK, "[UNK]")
                .specialToken(SpecialTokenRole.CLS, "[CLS]").specialToken(SpecialTokenRole.SEP, "[SEP]")
                .specialToken(SpecialTokenRole.MASK, "[MASK]").build();
    }

    private void coverage() throws IOException {
        Path fixtures = Path.of(System.getProperty("fixtures", "../shared/fixtures"));
        Path sentences = fixtures.resolve("corpora/leipzig_eng_wikipedia_2016_10K-sentences.txt");
        if (!Files.isRegularFile(sentences)) {
            System.out.println("coverage: skipped, no fixtures at " + fixtures.toAbsolutePath()
                    + " (set -Dfixtures=DIR)");
            return;
        }
        Path corpus = tenMegabytes(sentences);
        try (Tokenizer bert = TokenizerLoader.load(fixtures.resolve("bert-base-uncased"));
             Tokenizer clip = TokenizerLoader.load(fixtures.resolve("clip-bpe"))) {
            VocabularyOverlap overlap = VocabularyMatcher.match(bert.vocabulary(), clip.vocabulary(),
                    MatchOptions.normalized());
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                CorpusCoverage coverage = CorpusCounter.measure(corpus, bert, clip, overlap, 10);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println(String.format(Locale.ROOT, "coverage %.1f MB, bert-base-uncased <- clip "
                                + "(normalized), run %d: %.2f s; %d + %d tokens, copied %.1f %%",
                        Files.size(corpus) / 1e6, run + 1, seconds, coverage.target().tokens(),
                        coverage.reference().tokens(), 100 * coverage.copiedShare()));
            }
        }
    }

    /** The Leipzig sentences (without their ids) repeated to 10 MB. */
    private Path tenMegabytes(Path sentences) throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> lines = Files.readAllLines(sentences, StandardCharsets.UTF_8).stream()
                .map(line -> line.substring(line.indexOf('\t') + 1)).toList();
        while (text.length() < 10_000_000) {
            lines.forEach(line -> text.append(line).append('\n'));
        }
        return Files.writeString(work.resolve("corpus-10mb.txt"), text);
    }
}
