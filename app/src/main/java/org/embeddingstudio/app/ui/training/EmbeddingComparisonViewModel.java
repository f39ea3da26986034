package org.embeddingstudio.app.ui.training;

import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.run.EmbeddingComparison;
import org.embeddingstudio.core.training.run.RunRequest;

/** The comparison of every loaded embedding on the shown run's held-out split, beside the majority baseline. */
public final class EmbeddingComparisonViewModel {
    /** One embedding's held-out score beside the majority baseline. */
    public record ComparisonRow(String embedding, double accuracy, double majority, double loss, int examples,
                                String note) {
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final RunHistoryViewModel history;
    private final ObservableBooleanValue running;
    private final ObservableList<ComparisonRow> comparison = FXCollections.observableArrayList();

    public EmbeddingComparisonViewModel(WorkspaceViewModel workspace, TaskRunner tasks, RunHistoryViewModel history,
                                        ObservableBooleanValue running) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.history = history;
        this.running = running;
    }

    /**
     * Evaluates the shown run's held-out split with every loaded embedding, each encoding the rows with its own
     * tokenizer, under the run's adapter and head.
     */
    public void compareEmbeddings() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        RunRequest request = history.currentRequest();
        if (model == null || request == null || running.get()) {
            return;
        }
        comparison.clear();
        tasks.run("Comparing embeddings on the held-out split…",
                (sink, token) -> EmbeddingComparison.evaluate(model, request, token),
                rows -> comparison.setAll(rows.stream().map(r -> new ComparisonRow(r.embedding(),
                        r.result().map(Evaluation::accuracy).orElse(Double.NaN),
                        r.result().map(Evaluation::majorityAccuracy).orElse(Double.NaN),
                        r.result().map(Evaluation::loss).orElse(Double.NaN),
                        r.result().map(Evaluation::examples).orElse(0), r.problem())).toList()),
                () -> { });
    }

    public ObservableList<ComparisonRow> comparison() {
        return comparison;
    }
}
