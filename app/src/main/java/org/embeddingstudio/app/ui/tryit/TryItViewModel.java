package org.embeddingstudio.app.ui.tryit;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.FillMask;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.model.SentenceSimilarity;

import java.util.List;
import java.util.Locale;

/**
 * The Try It tool window: what the model makes of text under the active embedding and under "default", side by
 * side — the quickest way to see what an embedding does to the model. A model with a pretrained masked-LM head fills
 * masks; a sentence-embedding model (such as the demo's all-MiniLM-L6-v2, which has no such head) compares two
 * sentences by the cosine of their mean-pooled vectors, which is what it was trained for; a decoder continues a
 * prompt ({@link GenerationViewModel}).
 */
public final class TryItViewModel {
    /** What Try It shows. */
    public enum Mode { SIMILARITY, FILL_MASK, GENERATE }

    /** One predicted token as shown: the token and its probability in percent. */
    public record Candidate(String token, double percent) {
    }

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final GenerationViewModel generation;
    private final ReadOnlyBooleanWrapper decoder = new ReadOnlyBooleanWrapper(false);
    private final StringProperty text = new SimpleStringProperty("The cat sat on the [MASK].");
    private final ObservableList<Candidate> active = FXCollections.observableArrayList();
    private final ObservableList<Candidate> reference = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper activeTitle = new ReadOnlyStringWrapper("Active embedding");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.SIMILARITY);
    // A German sentence and its English translation: does "german" keep them as close as "default" does?
    private final StringProperty firstSentence = new SimpleStringProperty("Das Wetter ist heute schön.");
    private final StringProperty secondSentence = new SimpleStringProperty("The weather is nice today.");
    private final ReadOnlyStringWrapper activeSimilarity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper defaultSimilarity = new ReadOnlyStringWrapper("");

    public TryItViewModel(WorkspaceViewModel workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.generation = new GenerationViewModel(workspace, tasks);
        workspace.modelProperty().addListener((o, a, model) -> chooseMode(model));
        chooseMode(workspace.modelProperty().get());
    }

    /**
     * Generation for a decoder; similarity for an encoder without a pretrained masked-LM head, fill-mask for one
     * with it.
     */
    private void chooseMode(NamedEmbeddingsModel model) {
        switch (model) {
            case null -> { }
            case DecoderModel decoder -> mode.set(Mode.GENERATE);
            case AdapterModel bert -> mode.set(bert.maskedLmHeadIsFresh() ? Mode.SIMILARITY : Mode.FILL_MASK);
        }
        decoder.set(model instanceof DecoderModel);
    }

    /** Whether the open model is a decoder, which Try It continues prompts with (the other modes are an encoder's). */
    public ReadOnlyBooleanProperty decoderProperty() {
        return decoder.getReadOnlyProperty();
    }

    /** Try It for a decoder: continuing a prompt. */
    public GenerationViewModel generation() {
        return generation;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty firstSentenceProperty() {
        return firstSentence;
    }

    public StringProperty secondSentenceProperty() {
        return secondSentence;
    }

    /** The two sentences' cosine similarity under the active embedding, e.g. "0.82", or "". */
    public ReadOnlyStringProperty activeSimilarityProperty() {
        return activeSimilarity.getReadOnlyProperty();
    }

    /** The same under "default". */
    public ReadOnlyStringProperty defaultSimilarityProperty() {
        return defaultSimilarity.getReadOnlyProperty();
    }

    /** Compares the two sentences under the active embedding and under "default", in the background. */
    public void compare() {
        if (!(workspace.modelProperty().get() instanceof AdapterModel model)) {
            return;
        }
        String first = firstSentence.get();
        String second = secondSentence.get();
        String embedding = workspace.activeEmbeddingProperty().get();
        tasks.run("Comparing sentences…", (progress, cancellation) -> new double[] {
                        SentenceSimilarity.similarity(model, embedding, first, second),
                        SentenceSimilarity.similarity(model, EmbeddingRegistry.DEFAULT, first, second)},
                cosines -> {
                    activeTitle.set("'" + embedding + "' (active)");
                    activeSimilarity.set(String.format(Locale.ROOT, "%.3f", cosines[0]));
                    defaultSimilarity.set(String.format(Locale.ROOT, "%.3f", cosines[1]));
                    note.set("Cosine similarity of the mean-pooled sentence vectors (as sentence-transformers "
                            + "computes them): 1 is the same direction, 0 unrelated.");
                },
                () -> { });
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
        if (!(workspace.modelProperty().get() instanceof AdapterModel model)) {
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
                    note.set(result.freshHead() ? "This model came without a pretrained masked-LM head: the head "
                            + "is untrained (drawn at random and tied to the embedding), so these predictions mean "
                            + "nothing until a masked-LM run trains it." : "");
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
