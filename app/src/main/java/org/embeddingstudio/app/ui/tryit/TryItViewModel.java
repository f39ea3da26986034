package org.embeddingstudio.app.ui.tryit;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.FillMask;

import java.util.List;

/**
 * The Try It tool window: fill-mask predictions for one sentence under the active embedding and under "default",
 * side by side — the quickest way to see what an embedding does to the model.
 */
public final class TryItViewModel {
    /** One predicted token as shown: the token and its probability in percent. */
    public record Candidate(String token, double percent) {
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final StringProperty text = new SimpleStringProperty("The cat sat on the [MASK].");
    private final ObservableList<Candidate> active = FXCollections.observableArrayList();
    private final ObservableList<Candidate> reference = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper activeTitle = new ReadOnlyStringWrapper("Active embedding");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    public TryItViewModel(WorkspaceViewModel workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Predictions for the first mask under the active embedding. */
    public ObservableList<Candidate> activePredictions() {
        return active;
    }

    /** The same under "default". */
    public ObservableList<Candidate> defaultPredictions() {
        return reference;
    }

    public ReadOnlyStringProperty activeTitleProperty() {
        return activeTitle.getReadOnlyProperty();
    }

    /** What the user should know about these predictions (e.g. a freshly initialised head), or errors. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public void predict() {
        AdapterModel model = workspace.modelProperty().get();
        if (model == null) {
            return;
        }
        String sentence = text.get();
        String embedding = workspace.activeEmbeddingProperty().get();
        tasks.run("Predicting masked tokens…", (progress, cancellation) -> new Result(
                        first(FillMask.predict(model, embedding, sentence, 10)),
                        first(FillMask.predict(model, EmbeddingRegistry.DEFAULT, sentence, 10)),
                        model.maskedLmHeadIsFresh()),
                result -> {
                    activeTitle.set("'" + embedding + "' (active)");
                    active.setAll(result.active());
                    reference.setAll(result.reference());
                    note.set(result.freshHead() ? "This model came without a masked-LM head: predictions use a fresh "
                            + "head tied to the embedding, so they mean little until the head is trained." : "");
                },
                () -> { });
    }

    private record Result(List<Candidate> active, List<Candidate> reference, boolean freshHead) {
    }

    private static List<Candidate> first(List<FillMask.MaskPredictions> predictions) {
        return predictions.get(0).candidates().stream()
                .map(p -> new Candidate(p.token(), 100 * p.probability())).toList();
    }
}
