package org.embeddingstudio.core.training.run;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.model.TrainableModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a run's held-out split with every loaded embedding, as adapters' tutorial does by hand: each row encoded
 * with that embedding's own tokenizer (the split is the same: it is drawn by the seed over the rows, not the tokens),
 * under the run's adapter and head. Beside each accuracy the score of always predicting the most frequent label, so
 * a model that learned nothing is plain to see.
 */
public final class EmbeddingComparison {
    /**
     * @param embedding the embedding's name
     * @param result    its evaluation, absent when it could not be evaluated
     * @param problem   why not (no tokenizer, no mask token…), or ""
     */
    public record Row(String embedding, Optional<Evaluation> result, String problem) {
    }

    private EmbeddingComparison() {
    }

    /**
     * Evaluates {@code request}'s held-out split under each loaded embedding in turn; the active embedding is
     * restored afterwards. Stops early (with the rows so far) when {@code cancellation} is set.
     */
    public static List<Row> evaluate(NamedEmbeddingsModel model, RunRequest request, CancellationToken cancellation) {
        String active = model.activeEmbeddings();
        List<Row> rows = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            for (String name : model.embeddingNames()) {
                if (cancellation.isCancelled()) {
                    break;
                }
                Optional<Tokenizer> tokenizer = model.tokenizerOf(name);
                if (tokenizer.isEmpty()) {
                    rows.add(new Row(name, Optional.empty(), "no tokenizer to encode the rows with"));
                    continue;
                }
                try {
                    model.setActiveEmbeddings(name);
                    Evaluation evaluation = switch (model) {
                        case AdapterModel bert -> evaluate(bert, TrainingData.task(request.objective(),
                                request.data(), request.columns(), request.config(), tokenizer.get(),
                                bert.headLabels(request.headName()).orElse(null)), request, manager);
                        case DecoderModel decoder -> evaluate(decoder, CausalLmTask.fromTextFile(request.data(),
                                tokenizer.get(), request.config()), request, manager);
                    };
                    rows.add(new Row(name, Optional.of(evaluation), evaluation.examples() == 0
                            ? "no held-out examples (set a held-out split)" : ""));
                } catch (Exception e) {
                    rows.add(new Row(name, Optional.empty(), String.valueOf(e.getMessage())));
                }
            }
        } finally {
            model.setActiveEmbeddings(active);
        }
        return rows;
    }

    private static <M extends TrainableModel> Evaluation evaluate(M model, TrainingTask<M> task, RunRequest request,
                                                                  NDManager manager) {
        return new AdapterTrainer<>(model, task, request.config(), TrainingListener.NONE).evaluate(0, manager);
    }
}
