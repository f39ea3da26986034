package org.embeddingstudio.core.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.engine.Autocast;
import org.embeddingstudio.core.engine.GradMode;
import org.embeddingstudio.core.model.TrainableModel;
import org.embeddingstudio.core.model.TrainingSetup;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Trains what a model's {@code trainAdapter} set up, on a {@link TrainingTask}: AdamW with linear warm-up and
 * decay, global gradient-norm clipping, evaluation on the held-out split, cooperative cancellation between steps.
 * Every step's arrays live in a scope closed at the end of the step, so memory does not grow with the steps.
 *
 * @param <M> the kind of model: BERT family ({@code AdapterModel}) or decoder ({@code DecoderModel})
 */
public final class AdapterTrainer<M extends TrainableModel> {
    private final M model;
    private final TrainingTask<M> task;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private Path checkpoints;
    /** The trained embedding's row origins when the run began (before a checkpoint it resumed from), or null. */
    private byte[] runRowOrigins;

    public AdapterTrainer(M model, TrainingTask<M> task, TrainingConfig config, TrainingListener listener) {
        this.model = model;
        this.task = task;
        this.config = config;
        this.listener = listener;
    }

    /**
     * Writes a checkpoint into {@code folder/checkpoint-STEP} every {@code config.checkpointEvery()} steps, at the
     * end, and at the step a cancelled run stopped at.
     */
    public AdapterTrainer<M> withCheckpoints(Path folder) {
        this.checkpoints = folder;
        return this;
    }

    /** Runs to the configured number of steps, or until cancelled. */
    public TrainingOutcome train(CancellationToken cancellation) {
        return train(cancellation, null);
    }

    /**
     * Runs, optionally continuing from a checkpoint written by an earlier run of the same setup.
     *
     * @param resume a checkpoint to continue from, or null to start at step 0
     */
    public TrainingOutcome train(CancellationToken cancellation, TrainingCheckpoint.State resume) {
        TrainingSetup setup = model.trainingSetup().orElseThrow(() ->
                new IllegalStateException("call trainAdapter(name, trainEmbeddings) before training"));
        checkTokenizer(setup);
        Map<String, NDArray> trainable = model.trainableParameters();
        int total = config.totalSteps(task.trainSize());
        try (NDManager manager = NDManager.newBaseManager(model.device());
             AdamW optimizer = new AdamW(trainable, config.weightDecay(), manager)) {
            NDArray embeddingBefore = setup.trainEmbeddings() ? model.readTrainedRows(setup.embedding(), rows -> {
                NDArray copy = rows.duplicate();
                copy.attach(manager);
                return copy;
            }) : null;
            byte[] rowOrigins = setup.trainEmbeddings() ? model.embedding(setup.embedding()).rowOriginCodes() : null;
            runRowOrigins = resume == null || rowOrigins == null ? rowOrigins : resume.rowOriginsOr(rowOrigins);
            int start = 0;
            if (resume != null) {
                start = resume.step();
                optimizer.restore(resume.optimizerState(), resume.step());
            }
            trainable.values().forEach(p -> p.setRequiresGradient(true));
            // The optimizer updates leaves that require gradients in place, which PyTorch refuses in grad mode;
            // grad mode is per thread, so this thread (an app's background job, say) may still have it on.
            try (GradMode.Suspension ignored = GradMode.off()) {
                return loop(setup, trainable, optimizer, manager, start, total, cancellation);
            } finally {
                trainable.values().forEach(p -> p.setRequiresGradient(false));
                if (embeddingBefore != null) {
                    model.markTrained(setup.embedding(), model.readTrainedRows(setup.embedding(),
                            rows -> changedRows(embeddingBefore, rows)));
                }
            }
        }
    }

    /**
     * Data encoded with another tokenizer than the trained embedding's would train rows of the wrong tokens —
     * silently, as in {@code adapters}' own example notebook. Refuse it.
     */
    private void checkTokenizer(TrainingSetup setup) {
        Vocabulary data = task.tokenizer().vocabulary();
        EmbeddingSnapshot embedding = model.embedding(setup.embedding());
        Optional<Tokenizer> own = embedding.tokenizer();
        if (own.isPresent() ? !own.get().vocabulary().tokens().equals(data.tokens())
                : data.size() != embedding.rows()) {
            throw new IllegalArgumentException("the training data was encoded with the tokenizer "
                    + task.tokenizer().source() + " (" + data.size() + " tokens), but the embedding '"
                    + setup.embedding() + "' was made for " + own.map(Tokenizer::source).orElse("another vocabulary")
                    + " (" + embedding.rows() + " rows)");
        }
    }

    private TrainingOutcome loop(TrainingSetup setup, Map<String, NDArray> trainable, AdamW optimizer,
                                 NDManager manager, int start, int total, CancellationToken cancellation) {
        int examples = Math.max(1, task.trainSize());
        int epoch = -1;
        int[] order = null;
        List<Evaluation> evaluations = new ArrayList<>();
        long begin = System.nanoTime();
        long tokens = 0;
        double loss = Double.NaN;
        int step = start;
        while (step < total && !cancellation.isCancelled()) {
            // Every step's randomness (the epoch's order, masking, dropout) comes from the seed and the step alone,
            // so a run resumed from a checkpoint takes exactly the steps the uninterrupted run takes.
            long position = (long) step * config.batchSize();
            if (position / examples != epoch) {
                epoch = (int) (position / examples);
                order = Shuffle.permutation(examples, randomFor(EPOCH_STREAM, epoch));
            }
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
            HostBatch batch = task.trainBatch(order, (int) (position % examples), config.batchSize(),
                    randomFor(STEP_STREAM, step));
            double learningRate = config.learningRateAt(step, total);
            loss = step(batch, optimizer, manager, learningRate, step + 1);
            tokens += batch.tokens();
            step++;
            double seconds = (System.nanoTime() - begin) / 1e9;
            double perStep = seconds / (step - start);
            listener.onStep(new TrainingProgress(step, total, loss, learningRate, tokens / seconds,
                    Duration.ofMillis((long) (perStep * (total - step) * 1000))));
            if (checkpoints != null && config.checkpointEvery() > 0
                    && (step % config.checkpointEvery() == 0 || step == total)) {
                writeCheckpoint(setup, trainable, optimizer, step, total);
            }
            if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step < total) {
                evaluations.add(evaluate(step, manager));
            }
        }
        if (checkpoints != null && cancellation.isCancelled() && step > start && step < total
                && (config.checkpointEvery() == 0 || step % config.checkpointEvery() != 0)) {
            // A cancelled run keeps its last step, so it can resume from there rather than the last interval.
            writeCheckpoint(setup, trainable, optimizer, step, total);
        }
        if (!cancellation.isCancelled() || step > start) {
            evaluations.add(evaluate(step, manager));
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - begin) / 1e9);
        return new TrainingOutcome(cancellation.isCancelled() && step < total, step, loss, List.copyOf(evaluations),
                Duration.ofNanos(System.nanoTime() - begin), tokens / seconds);
    }

    /** Writes {@code checkpoints/checkpoint-STEP} and tells the listener. */
    private void writeCheckpoint(TrainingSetup setup, Map<String, NDArray> trainable, AdamW optimizer, int step,
                                 int total) {
        Path folder = checkpoints.resolve("checkpoint-" + step);
        try {
            TrainingCheckpoint.write(folder, setup, trainable, optimizer, step, total, runRowOrigins);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + folder, e);
        }
        listener.onCheckpoint(step, folder);
    }

    private static final long EPOCH_STREAM = 0x45504F43L;
    private static final long STEP_STREAM = 0x53544550L;

    /** A random stream of its own for one epoch's order or one step's masking, derived from the run's seed. */
    private SplittableRandom randomFor(long stream, long index) {
        return new SplittableRandom(new SplittableRandom(config.seed() ^ (stream << 32)).split().nextLong() + index);
    }

    /**
     * One optimizer step; its number is {@code step} (from 1).
     *
     * @throws TrainingDivergedException when the loss or the gradients are not finite: the parameters then keep
     *                                   the values of the step before, instead of turning to NaN for the rest of
     *                                   the run
     */
    private double step(HostBatch batch, AdamW optimizer, NDManager manager, double learningRate, int step) {
        try (NDScope ignored = new NDScope()) {
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingTask.LossAndAccuracy result =
                        Autocast.with(config.precision(), () -> task.loss(model, batch, manager, true));
                loss = result.loss().getFloat();
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(step, "loss", loss, learningRate);
                }
                collector.backward(result.loss());
            }
            double norm = optimizer.gradientNorm();
            if (!Double.isFinite(norm)) {
                optimizer.discardGradients();
                throw new TrainingDivergedException(step, "gradient norm", norm, learningRate);
            }
            double scale = config.maxGradNorm() > 0 && norm > config.maxGradNorm()
                    ? config.maxGradNorm() / (norm + 1e-6) : 1.0;
            optimizer.step(learningRate, scale);
            return loss;
        }
    }

    /** Loss and accuracy over the held-out split, without dropout or gradients. */
    public Evaluation evaluate(int step, NDManager manager) {
        double lossSum = 0;
        int correct = 0;
        int predictions = 0;
        for (HostBatch batch : task.evaluationBatches(config.batchSize(), config.seed())) {
            try (NDScope ignored = new NDScope()) {
                TrainingTask.LossAndAccuracy result =
                        Autocast.with(config.precision(), () -> task.loss(model, batch, manager, false));
                lossSum += result.loss().getFloat() * result.predictions();
                correct += result.correct();
                predictions += result.predictions();
            }
        }
        Evaluation evaluation = new Evaluation(step, predictions == 0 ? Double.NaN : lossSum / predictions,
                predictions == 0 ? Double.NaN : (double) correct / predictions, task.majorityAccuracy(), predictions);
        listener.onEvaluation(evaluation);
        return evaluation;
    }

    private static boolean[] changedRows(NDArray before, NDArray after) {
        try (NDScope ignored = new NDScope()) {
            return after.neq(before).toType(DataType.INT32, false).sum(new int[]{1}).gt(0)
                    .toBooleanArray();
        }
    }
}
