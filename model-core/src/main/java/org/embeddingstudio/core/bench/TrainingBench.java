package org.embeddingstudio.core.bench;

import ai.djl.Device;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingProgress;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Masked-LM training of a SeqBn adapter plus the word embeddings on a 4-layer BERT (hidden 256, 4 heads, FFN 1024,
 * vocabulary 30 522), batch 8 × 128, AdamW: tokens/s and achieved GFLOP/s against the plain matmul rate measured in
 * the same run. Target: at least half the matmul rate.
 */
final class TrainingBench {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 30_522, 256, 4, 4, 1024, 512);
    static final int BATCH = 8;
    static final int LENGTH = 128;
    static final int WARM_UP_STEPS = 3;
    static final int MEASURED_STEPS = 12;

    private final Path work;

    TrainingBench(Path work) {
        this.work = work;
    }

    void run() throws Exception {
        SyntheticTokenizers.Loaded tokenizer = SyntheticTokenizers.create(work.resolve("training-tokenizer"),
                CONFIG.vocabSize(), CONFIG.vocabSize(), "unused");
        Path text = corpus(work.resolve("corpus.txt"), CONFIG.vocabSize());
        int steps = WARM_UP_STEPS + MEASURED_STEPS;
        TrainingConfig training = TrainingConfig.defaults().withBatch(BATCH, LENGTH).withSteps(steps)
                .withEvaluation(0.0, 0);
        BottleneckConfig adapter = BottleneckConfig.seqBn();
        double matmul = MatmulBench.gflops();
        try (AdapterModel model = AdapterModel.random(CONFIG, tokenizer.tokenizer(), Device.cpu(), 1)) {
            model.addAdapter("bench", adapter);
            model.trainAdapter("bench", true);
            MaskedLmTask task = MaskedLmTask.fromTextFile(text, tokenizer.tokenizer(), training);
            List<Long> stepEnds = new ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    stepEnds.add(System.nanoTime());
                }
            };
            CpuShare share = new CpuShare();
            new AdapterTrainer<>(model, task, training, listener).train(CancellationToken.none());
            String cpu = share.describe();
            double[] stepSeconds = new double[MEASURED_STEPS];
            for (int i = 0; i < MEASURED_STEPS; i++) {
                int step = WARM_UP_STEPS + i;
                stepSeconds[i] = (stepEnds.get(step) - stepEnds.get(step - 1)) / 1e9;
            }
            double mean = (stepEnds.get(steps - 1) - stepEnds.get(WARM_UP_STEPS - 1)) / 1e9 / MEASURED_STEPS;
            // The median step, beside the mean: on a shared machine a few steps stall behind other processes.
            double median = Stats.median(stepSeconds);
            double flops = TrainingFlops.perStep(CONFIG, adapter, BATCH, LENGTH);
            double matmulAfter = MatmulBench.gflops();
            System.out.printf(Locale.ROOT, "training (%d steps after %d warm-up): median %.3f s/step = %.0f tokens/s, "
                            + "mean %.3f s/step = %.0f tokens/s%n", MEASURED_STEPS, WARM_UP_STEPS, median,
                    BATCH * LENGTH / median, mean, BATCH * LENGTH / mean);
            System.out.printf(Locale.ROOT, "%.1f GFLOP/step counted → %.1f GFLOP/s achieved (median step; mean %.1f) "
                            + "vs matmul %.1f GFLOP/s before, %.1f after training → %.2f× of the better "
                            + "(target ≥ 0.5×)%n", flops / 1e9, flops / median / 1e9, flops / mean / 1e9, matmul,
                    matmulAfter, flops / median / 1e9 / Math.max(matmul, matmulAfter));
            System.out.println("while training: " + cpu);
        }
    }

    /** Random words of the vocabulary, enough sequences for every step without repeating an epoch too often. */
    static Path corpus(Path file, int vocabulary) throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        int words = vocabulary - SyntheticTokenizers.SPECIALS.size();
        for (int line = 0; line < 800; line++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 60; w++) {
                text.append('s').append(random.nextInt(words)).append(' ');
            }
            lines.add(text.toString());
        }
        return Files.write(file, lines);
    }
}
