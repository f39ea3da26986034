package org.embeddingstudio.core.training.run;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.analysis.Drift;
import org.embeddingstudio.core.analysis.RowMatrix;
import org.embeddingstudio.core.engine.BackgroundPriority;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.model.TrainableModel;
import org.embeddingstudio.core.model.TrainingSetup;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.ClassificationTask;
import org.embeddingstudio.core.training.TrainingCheckpoint;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingOutcome;
import org.embeddingstudio.core.training.TrainingTask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One training run, without a screen: reads and checks the data (before any step), sets up the head and
 * {@code trainAdapter} (adapters' {@code train_adapter(name, train_embeddings)}), optionally restores a checkpoint,
 * trains, and measures how far the embedding's rows moved. Progress goes to a {@link TrainingListener}; the app's
 * Training window and a command line use it alike.
 */
public final class TrainAdapterJob {
    /** At most about this much held-out text is read for the zero-shot check: the figure settles long before. */
    public static final int HELD_OUT_CHECK_CHARS = 64 * 1024;

    /**
     * @param outcome      how the run ended
     * @param drift        how far the embedding rows moved, by where they came from; null when the embedding did not
     *                     train
     * @param heldOutCheck a decoder's finished run: the zero-shot check on its held-out text (bits per byte under the
     *                     trained embedding and adapter against the model as it came); null otherwise
     */
    public record Result(TrainingOutcome outcome, Drift.Report drift, ZeroShotCheck heldOutCheck) {
        /** The check, if the run made one. */
        public Optional<ZeroShotCheck> heldOutCheckIfAny() {
            return Optional.ofNullable(heldOutCheck);
        }
    }

    private TrainAdapterJob() {
    }

    /**
     * {@link #run} on a new thread at background priority, the calling thread waiting for it. Why: on a pooled
     * background thread that had earlier loaded the model and added embeddings, the same run went at 0.2–0.5 times
     * the speed of a run on a fresh thread (bin/ui-bench, panel vs. the run without UI); on a thread of its own it
     * matches it (1.04). PyTorch's intra-op (OpenMP) workers belong to the thread that started them.
     */
    public static Result runOnItsOwnThread(NamedEmbeddingsModel model, RunRequest request, Path resumeFrom,
                                    TrainingListener listener, CancellationToken cancellation) throws Exception {
        Result[] result = new Result[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = Thread.ofPlatform().name("training").start(() -> {
            BackgroundPriority.lowerCurrentThread();
            try {
                result[0] = run(model, request, resumeFrom, listener, cancellation);
            } catch (Exception | Error e) {
                failure[0] = e;
            }
        });
        thread.join();
        switch (failure[0]) {
            case null -> {
                return result[0];
            }
            case Exception e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure[0]);
        }
    }

    /** Trains either kind of model: {@link #run(AdapterModel, RunRequest, Path, TrainingListener,
     * CancellationToken)} for a BERT-family one, {@link #run(DecoderModel, RunRequest, Path, TrainingListener,
     * CancellationToken)} for a causal LM. */
    public static Result run(NamedEmbeddingsModel model, RunRequest request, Path resumeFrom,
                             TrainingListener listener, CancellationToken cancellation) throws Exception {
        return switch (model) {
            case AdapterModel bert -> run(bert, request, resumeFrom, listener, cancellation);
            case DecoderModel decoder -> run(decoder, request, resumeFrom, listener, cancellation);
        };
    }

    /**
     * Trains the active embedding's model as {@code request} asks, on the calling thread.
     *
     * @param resumeFrom   a checkpoint folder of the same request to continue from, or null to start afresh
     * @param listener     told of every step, evaluation and checkpoint (on this thread)
     * @param cancellation checked between steps: a cancelled run stops after the current step
     * @throws IllegalArgumentException when the embedding has no tokenizer or the data gives no examples
     */
    public static Result run(AdapterModel model, RunRequest request, Path resumeFrom, TrainingListener listener,
                      CancellationToken cancellation) throws Exception {
        String embeddingName = model.activeEmbeddings();
        var tokenizer = model.activeTokenizer().orElseThrow(() -> new IllegalArgumentException("the embedding '"
                + embeddingName + "' has no tokenizer, so no data can be encoded for it"));
        // A head of the same labels in another order (trained in adapters, say) is kept, its order used.
        TrainingTask<AdapterModel> task = TrainingData.task(request.objective(), request.data(), request.columns(),
                request.config(), tokenizer, model.headLabels(request.headName()).orElse(null));
        if (task.trainSize() == 0) {
            throw new IllegalArgumentException(request.data() + " gives no training examples at sequence length "
                    + request.config().maxLength());
        }
        if (task instanceof ClassificationTask classification) {
            List<String> labels = classification.labels();
            boolean sameHead = model.headLabels(request.headName()).map(labels::equals).orElse(false);
            if (!sameHead) {
                if (model.headNames().contains(request.headName())) {
                    model.deleteHead(request.headName());
                }
                model.addClassificationHead(request.headName(), labels);
            }
            model.setActiveHead(request.headName());
        } else {
            model.setActiveHead(HeadRegistry.MASKED_LM);
        }
        TrainingSetup setup = model.trainAdapter(request.adapter(), request.trainEmbeddings());
        return train(model, setup, task, request, resumeFrom, listener, cancellation);
    }

    /**
     * Trains a decoder's adapter, and with {@code request.trainEmbeddings()} its active embedding pair, on
     * next-token prediction ({@link CausalLmTask}), on the calling thread; the rest as
     * {@link #run(AdapterModel, RunRequest, Path, TrainingListener, CancellationToken)}.
     */
    public static Result run(DecoderModel model, RunRequest request, Path resumeFrom, TrainingListener listener,
                             CancellationToken cancellation) throws Exception {
        if (request.objective() != Objective.CAUSAL_LM) {
            throw new IllegalArgumentException("a decoder model trains on next-token prediction, not "
                    + request.objective());
        }
        String embeddingName = model.activeEmbeddings();
        var tokenizer = model.tokenizer().orElseThrow(() -> new IllegalArgumentException("the embedding '"
                + embeddingName + "' has no tokenizer, so no data can be encoded for it"));
        CausalLmTask task = CausalLmTask.fromTextFile(request.data(), tokenizer, request.config());
        if (task.trainSize() == 0) {
            throw new IllegalArgumentException(request.data() + " gives no training examples at sequence length "
                    + request.config().maxLength());
        }
        TrainingSetup setup = model.trainAdapter(request.adapter(), request.trainEmbeddings());
        Result trained = train(model, setup, task, request, resumeFrom, listener, cancellation);
        // Per byte, on the run's own held-out text (read from the blocks the run already encoded): comparable across
        // tokenizers, as a per-token loss is not.
        String heldOut = task.heldOutText(HELD_OUT_CHECK_CHARS);
        if (trained.outcome().cancelled() || heldOut.isBlank()) {
            return trained;
        }
        return new Result(trained.outcome(), trained.drift(), ZeroShotCheck.of(model, embeddingName, heldOut,
                ZeroShotCheck.window(model, null), cancellation));
    }

    /**
     * Trains (or resumes) what {@code setup} set up and measures how far the trained rows moved: an encoder's
     * embedding rows, a decoder pair's input and output rows side by side (one distance per token for the pair).
     */
    private static <M extends TrainableModel> Result train(M model, TrainingSetup setup, TrainingTask<M> task,
                                                           RunRequest request, Path resumeFrom,
                                                           TrainingListener listener, CancellationToken cancellation)
            throws IOException {
        String embeddingName = setup.embedding();
        RowMatrix before = request.trainEmbeddings() ? model.readTrainedRows(embeddingName, RowMatrix::of) : null;
        byte[] origins = model.embedding(embeddingName).rowOriginCodes();
        AdapterTrainer<M> trainer = new AdapterTrainer<>(model, task, request.config(), listener)
                .withCheckpoints(request.checkpoints());
        TrainingOutcome outcome;
        if (resumeFrom == null) {
            outcome = trainer.train(cancellation);
        } else {
            try (NDManager manager = NDManager.newBaseManager(model.device())) {
                TrainingCheckpoint.State state = TrainingCheckpoint.restore(resumeFrom, setup,
                        model.trainableParameters(), manager);
                outcome = trainer.train(cancellation, state);
                origins = state.rowOriginsOr(origins);
            }
        }
        return new Result(outcome, before == null ? null
                : Drift.between(before, model.readTrainedRows(embeddingName, RowMatrix::of), origins), null);
    }
}
