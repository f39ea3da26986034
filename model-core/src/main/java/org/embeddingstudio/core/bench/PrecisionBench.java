package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.CpuFeatures;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * fp32 against bf16 products on the same masked-LM run: a bert-base-shaped model (12 × 768) with bert-base-uncased's
 * real vocabulary, a seq_bn adapter and the embedding training on the Leipzig English Wikipedia sentences of the
 * shared fixtures, batch 8 × 128, {@code PRECISION_STEPS} steps (default 200). Prints each run's tokens/s and its
 * held-out loss at the end, and the ratios: the goal is bf16 ≥ 1.6 × fp32's tokens/s with the held-out loss within
 * 2 %. Skipped without the fixtures ({@code -Dfixtures=DIR} when they are not in {@code ../shared/fixtures}).
 */
final class PrecisionBench {
    private final Path work;

    PrecisionBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        Path fixtures = Path.of(System.getProperty("fixtures", "../shared/fixtures"));
        Path sentences = fixtures.resolve("corpora/leipzig_eng_wikipedia_2016_10K-sentences.txt");
        if (!Files.isRegularFile(sentences)) {
            System.out.println("precision: skipped, no fixtures at " + fixtures.toAbsolutePath());
            return;
        }
        // The Leipzig lines are "number<TAB>sentence": train on the sentences.
        Path corpus = Files.write(work.resolve("sentences.txt"), Files.readAllLines(sentences).stream()
                .map(line -> line.substring(line.indexOf('\t') + 1)).toList());
        int steps = Integer.parseInt(System.getenv().getOrDefault("PRECISION_STEPS", "200"));
        TrainingConfig config = TrainingConfig.defaults().withBatch(8, 128).withSteps(steps).withEvaluation(0.05, 0);
        System.out.printf(Locale.ROOT, "bert-base 12 x 768, bert-base-uncased vocabulary, seq_bn + embeddings, "
                        + "masked-LM on %s, batch 8 x 128, %d steps; bf16 instructions on this CPU: %s%n",
                sentences.getFileName(), steps, CpuFeatures.bf16Instructions().map(String::valueOf).orElse("unknown"));
        try (Tokenizer tokenizer = TokenizerLoader.load(fixtures.resolve("bert-base-uncased"))) {
            MaskedLmTask task = MaskedLmTask.fromTextFile(corpus, tokenizer, config);
            Figures fp32 = train(tokenizer, task, config);
            Figures bf16 = train(tokenizer, task, config.withPrecision(Precision.BF16));
            System.out.printf(Locale.ROOT, "bf16 / fp32: %.2fx tokens/s (goal >= 1.6x); held-out loss %+.2f %% "
                    + "(goal within 2 %%)%n", bf16.tokensPerSecond / fp32.tokensPerSecond,
                    100 * (bf16.heldOutLoss - fp32.heldOutLoss) / fp32.heldOutLoss);
        }
    }

    private record Figures(double tokensPerSecond, double heldOutLoss) {
    }

    private static Figures train(Tokenizer tokenizer, MaskedLmTask task, TrainingConfig config) {
        BertConfig shape = BertConfig.of(Architecture.BERT, tokenizer.vocabulary().size(), 768, 12, 12, 3072, 512);
        try (AdapterModel model = AdapterModel.random(shape, tokenizer, Device.cpu(), 1)) {
            model.addAdapter("bench", BottleneckConfig.seqBn());
            model.trainAdapter("bench", true);
            TrainingOutcome outcome = new AdapterTrainer<>(model, task, config, TrainingListener.NONE)
                    .train(CancellationToken.none());
            List<Evaluation> evaluations = outcome.evaluations();
            Evaluation last = evaluations.get(evaluations.size() - 1);
            System.out.printf(Locale.ROOT, "  %s: %.0f tokens/s over %d steps (%.0f s); training loss at the end "
                            + "%.4f; held-out loss %.4f (%d masked tokens), accuracy %.4f%n", config.precision(),
                    outcome.tokensPerSecond(), outcome.steps(), outcome.elapsed().toMillis() / 1000.0,
                    outcome.finalLoss(), last.loss(), last.examples(), last.accuracy());
            return new Figures(outcome.tokensPerSecond(), last.loss());
        }
    }
}
