package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.ByteLevelBpeTrainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Byte-level BPE training speed: 30 000 merges over a 5 MB corpus (the "well under a minute on 2 cores").
 * The corpus is the shared fixtures' texts (Wikipedia sentences in English and German, Alice in English and German,
 * Sinhala), repeated to 5 MB; without the fixtures, 5 MB of seeded Zipf-distributed pseudo-words. Prints figures,
 * asserts nothing.
 */
final class BpeTrainingBench {
    private static final int TARGET_BYTES = 5_000_000;
    private static final int MERGES = 30_000;
    private static final List<String> FIXTURE_CORPORA = List.of("leipzig_eng_wikipedia_2016_10K-sentences.txt",
            "leipzig_deu_wikipedia_2021_10K-sentences.txt", "gutenberg_alice_en.txt", "gutenberg_alice_de.txt",
            "sri_lanka_constitution_si.txt");

    void run() throws IOException {
        Path fixtures = Path.of(System.getProperty("fixtures", "../shared/fixtures")).resolve("corpora");
        List<String> texts = Files.isDirectory(fixtures) ? fixtureTexts(fixtures) : generatedTexts();
        long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        int vocabSize = ByteLevelBpeTrainer.minimumVocabSize(ByteLevelBpeTrainer.ROBERTA_SPECIAL_TOKENS.size())
                + MERGES;
        ByteLevelBpeTrainer trainer = ByteLevelBpeTrainer.builder().setVocabSize(vocabSize).build();
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            ByteLevelBpeTrainer.Model model = trainer.trainModel(texts, fraction -> { }, CancellationToken.none());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT, "bpe %s %.1f MB (%d lines), run %d: %d merges in %.2f s "
                            + "= %.0f merges/s (pre-tokenizing and counting included); vocabulary %d",
                    Files.isDirectory(fixtures) ? "fixtures" : "generated", bytes / 1e6, texts.size(), run,
                    model.merges().size(), seconds, model.merges().size() / seconds, model.vocabulary().size()));
        }
    }

    private static List<String> fixtureTexts(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String name : FIXTURE_CORPORA) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    // Leipzig lines are "id<TAB>sentence".
                    String text = name.startsWith("leipzig") ? line.substring(line.indexOf('\t') + 1) : line;
                    if (!text.isBlank()) {
                        lines.add(text);
                    }
                }
            }
        }
        return repeatedTo(lines);
    }

    /** Sentences of 4 to 20 pseudo-words, word ranks Zipf-distributed over 100 000 words made of syllables. */
    private static List<String> generatedTexts() {
        String[] syllables = {"ka", "ri", "to", "men", "sa", "lo", "ver", "un", "de", "ba", "sch", "ü", "ä", "ng",
                "tra", "il", "or", "ent", "qu", "ß"};
        Random random = new Random(42);
        String[] words = new String[100_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder word = new StringBuilder();
            for (int s = 1 + random.nextInt(5); s > 0; s--) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            words[i] = word.toString();
        }
        double[] cumulative = new double[words.length];
        double total = 0;
        for (int i = 0; i < words.length; i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        while (bytes < TARGET_BYTES) {
            StringBuilder line = new StringBuilder();
            for (int n = 4 + random.nextInt(17); n > 0; n--) {
                int index = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                line.append(line.isEmpty() ? "" : " ").append(words[index < 0 ? -index - 1 : index]);
            }
            line.append('.');
            lines.add(line.toString());
            bytes += line.toString().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return lines;
    }

    private static List<String> repeatedTo(List<String> lines) {
        List<String> repeated = new ArrayList<>();
        long bytes = 0;
        while (bytes < TARGET_BYTES && !lines.isEmpty()) {
            for (String line : lines) {
                repeated.add(line);
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (bytes >= TARGET_BYTES) {
                    break;
                }
            }
        }
        return repeated;
    }
}
