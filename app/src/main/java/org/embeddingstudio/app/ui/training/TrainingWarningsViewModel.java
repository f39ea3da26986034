package org.embeddingstudio.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.run.DataFit;
import org.embeddingstudio.core.training.run.Objective;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a researcher must know before Start, though Start stays possible: that the run would train a reference (the
 * model's own "default", or an embedding others were copied from), with "Train a copy instead" as the way out; and
 * that the data does not suit the trained embedding's tokenizer (many unknown tokens, words cut into many pieces).
 * {@code adapters} lets one train "default"; we let one too, but never silently.
 */
public final class TrainingWarningsViewModel {
    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final TrainingFormViewModel form;
    private final TrainingDataViewModel data;
    private final ReadOnlyStringWrapper referenceWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dataWarning = new ReadOnlyStringWrapper("");
    private final BooleanBinding canTrainCopy;
    private long fitGeneration;

    /** @param running whether a run is going on (no copy is made then) */
    public TrainingWarningsViewModel(WorkspaceViewModel workspace, TaskRunner tasks, TrainingFormViewModel form,
                                     ObservableBooleanValue running) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.form = form;
        this.data = form.data();
        // Only when Start could run too: a copy made for a run that cannot start would be left behind for nothing.
        canTrainCopy = referenceWarning.isNotEmpty().and(form.problemProperty().isEmpty())
                .and(Bindings.createBooleanBinding(() -> !running.get(), running));
        Stream.of(workspace.activeEmbeddingProperty(), form.trainEmbeddingsProperty(), workspace.modelProperty())
                .forEach(p -> p.addListener((o, a, b) -> checkReference()));
        workspace.embeddings().addListener((ListChangeListener<EmbeddingInfo>) change -> checkReference());
        Stream.of(workspace.activeEmbeddingProperty(), data.dataFileProperty(), data.objectiveProperty(),
                        data.textColumnProperty(), data.dataProblemProperty())
                .forEach(p -> p.addListener((o, a, b) -> checkData()));
        checkReference();
    }

    private void checkReference() {
        String active = workspace.activeEmbeddingProperty().get();
        if (workspace.modelProperty().get() == null || active == null || !form.trainEmbeddingsProperty().get()) {
            referenceWarning.set("");
            return;
        }
        List<String> copies = workspace.embeddings().stream()
                .filter(info -> !info.name().equals(active))
                .filter(info -> active.equals(info.origin().referenceEmbedding())
                        || active.equals(info.origin().donor()))
                .map(info -> "'" + info.name() + "'").toList();
        boolean isDefault = active.equals(EmbeddingRegistry.DEFAULT);
        if (!isDefault && copies.isEmpty()) {
            referenceWarning.set("");
            return;
        }
        String what = isDefault ? "'default' is the model's own embedding: the reference Try It and Compare "
                + "Embeddings measure against" : "'" + active + "' is a reference";
        String from = copies.isEmpty() ? "" : (isDefault ? ", and " : ": ") + String.join(", ", copies)
                + (copies.size() == 1 ? " was" : " were") + " copied from it";
        referenceWarning.set(what + from + ". Training changes it; train a copy to keep it as it is.");
    }

    /** Samples the data under the active embedding's tokenizer in the background; an earlier sample's is dropped. */
    private void checkData() {
        long generation = ++fitGeneration;
        dataWarning.set("");
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        Path file = data.dataFileProperty().get();
        String active = workspace.activeEmbeddingProperty().get();
        Objective objective = data.objectiveProperty().get();
        ClassificationDatasetReader.Columns columns = data.columns();
        if (model == null || file == null || active == null || !data.dataProblemProperty().get().isEmpty()
                || objective == Objective.CLASSIFICATION && columns.text() == null) {
            return;
        }
        tasks.run("Checking the data against '" + active + "'…", (progress, cancellation) -> {
            Optional<Tokenizer> tokenizer = model.activeTokenizer();
            return tokenizer.isEmpty() ? Optional.<String>empty()
                    : DataFit.measure(active, tokenizer.get(), objective, file, columns).warning();
        }, warning -> {
            if (generation == fitGeneration) {
                dataWarning.set(warning.orElse(""));
            }
        }, error -> {
            // The data section shows why a file cannot be read; the fit is only advice.
        });
    }

    /**
     * Adds a copy of the active embedding, named after it, with the current data kept for it, makes it active and
     * then runs {@code start}: the reference stays as it was.
     */
    public void trainCopyInstead(Runnable start) {
        if (!canTrainCopy.get()) {
            return;
        }
        String active = workspace.activeEmbeddingProperty().get();
        String copy = freeName(active + "-trained");
        data.keepDataFor(copy);
        workspace.copyEmbeddings(active, copy, start);
    }

    private String freeName(String wanted) {
        List<String> names = workspace.embeddings().stream().map(EmbeddingInfo::name).toList();
        String name = wanted;
        for (int i = 2; names.contains(name); i++) {
            name = wanted + "-" + i;
        }
        return name;
    }

    /** Why training the active embedding changes a reference, or "". */
    public ReadOnlyStringProperty referenceWarningProperty() {
        return referenceWarning.getReadOnlyProperty();
    }

    /** Why the data may not suit the active embedding's tokenizer, or "". */
    public ReadOnlyStringProperty dataWarningProperty() {
        return dataWarning.getReadOnlyProperty();
    }

    /** Whether "Train a copy instead" applies now: a reference would train and Start is possible. */
    public BooleanBinding canTrainCopyBinding() {
        return canTrainCopy;
    }
}
