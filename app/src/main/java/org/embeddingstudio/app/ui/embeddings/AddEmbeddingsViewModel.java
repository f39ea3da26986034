package org.embeddingstudio.app.ui.embeddings;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TokenizerSource;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.embedding.OrthogonalMatchingPursuit;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The Add Embeddings dialog: the name is validated as it is typed, and once a tokenizer (and optionally a
 * reference) is chosen the dialog previews how many rows will be copied and how many start random. OK adds the
 * embedding while the dialog waits, as IntelliJ's dialogs do: a failure found only then (the tokenizer gone since the
 * preview, the name taken meanwhile) is shown in the dialog, which keeps every input; it closes once added.
 */
public final class AddEmbeddingsViewModel {
    /** The reference choice meaning "no reference: every row random". */
    public static final String NO_REFERENCE = "(none: all rows random)";

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final StringProperty name = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final BooleanProperty nameValid = new SimpleBooleanProperty();
    /** Whether the name was edited: before that an empty name is not yet an error to show. */
    private boolean nameEdited;
    private final BooleanProperty tokenizerUsable = new SimpleBooleanProperty();
    private final ObjectProperty<Path> tokenizer = new SimpleObjectProperty<>();
    private final StringProperty reference = new SimpleStringProperty(NO_REFERENCE);
    private final ObjectProperty<Path> referenceTokenizer = new SimpleObjectProperty<>();
    private final BooleanProperty normalized = new SimpleBooleanProperty();
    private final ObjectProperty<InitStrategy> init = new SimpleObjectProperty<>(InitStrategy.RANDOM);
    private final StringProperty donor = new SimpleStringProperty();
    private final ObservableList<String> donorChoices = FXCollections.observableArrayList();
    private final StringProperty dimension = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper dimensionError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("Choose a tokenizer.");
    private final ObjectProperty<Path> zeroShotText = new SimpleObjectProperty<>();
    private final ObservableList<String> referenceChoices = FXCollections.observableArrayList();
    private final BooleanBinding canConfirm;
    /** Previews run in the background; only the newest may show its result (an older one can finish later). */
    private long previewGeneration;
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper added = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    private TaskRunner.RunningTask addTask;

    public AddEmbeddingsViewModel(WorkspaceViewModel workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
        referenceChoices.add(NO_REFERENCE);
        workspace.embeddings().stream().map(EmbeddingInfo::name).forEach(referenceChoices::add);
        workspace.embeddings().stream().map(EmbeddingInfo::name).forEach(donorChoices::add);
        if (referenceChoices.contains(workspace.activeEmbeddingProperty().get())) {
            reference.set(workspace.activeEmbeddingProperty().get());
        }
        name.addListener((o, a, b) -> {
            nameEdited = true;
            validateName();
        });
        validateName();
        tokenizer.addListener((o, a, b) -> updatePreview());
        reference.addListener((o, a, b) -> updatePreview());
        referenceTokenizer.addListener((o, a, b) -> updatePreview());
        normalized.addListener((o, a, b) -> updatePreview());
        init.addListener((o, a, b) -> updatePreview());
        donor.addListener((o, a, b) -> updatePreview());
        NamedEmbeddingsModel current = workspace.modelProperty().get();
        if (current != null) {
            dimension.set(Integer.toString(current.hiddenSize()));
        }
        dimension.addListener((o, a, b) -> validateDimension());
        canConfirm = Bindings.createBooleanBinding(() -> nameValid.get() && dimensionError.get().isEmpty()
                && tokenizer.get() != null && tokenizerUsable.get()
                && (init.get() != InitStrategy.OMP || donor.get() != null) && !adding.get(),
                nameValid, dimensionError, tokenizer, tokenizerUsable, init, donor, adding);
        // The message is about the inputs as they were at OK: once one changes it no longer applies.
        for (Observable input : List.of(name, tokenizer, reference, referenceTokenizer, normalized, init, donor,
                dimension)) {
            input.addListener(o -> failure.set(""));
        }
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Why the name cannot be used, or empty. */
    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    /** Match tokens by tokenizer conventions (normalized) instead of exact strings (adapters' way). */
    public BooleanProperty normalizedProperty() {
        return normalized;
    }

    /** How rows not shared start: random (adapters' way), FVT or the mean of the reference. */
    public ObjectProperty<InitStrategy> initProperty() {
        return init;
    }

    /** The strategies the dialog offers; OMP also needs a {@link #donorProperty() donor}. */
    public List<InitStrategy> initChoices() {
        return List.of(InitStrategy.RANDOM, InitStrategy.FVT, InitStrategy.MEAN, InitStrategy.OMP);
    }

    /**
     * For OMP: a loaded embedding made for the new tokenizer (e.g. the word embeddings of a model pre-trained with
     * it, loaded with Load Embeddings); each new row is a sparse combination of shared anchors in its space.
     */
    public StringProperty donorProperty() {
        return donor;
    }

    public ObservableList<String> donorChoices() {
        return donorChoices;
    }

    /** The embedding dimension: the model's hidden size unless the model has an embedding projection. */
    public StringProperty dimensionProperty() {
        return dimension;
    }

    /** Why the dimension cannot be used, or empty. */
    public ReadOnlyStringProperty dimensionErrorProperty() {
        return dimensionError.getReadOnlyProperty();
    }

    public ObjectProperty<Path> tokenizerProperty() {
        return tokenizer;
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    public ObservableList<String> referenceChoices() {
        return referenceChoices;
    }

    /** Optional: the reference embedding's tokenizer, when it should not be the one it was made for. */
    public ObjectProperty<Path> referenceTokenizerProperty() {
        return referenceTokenizer;
    }

    /** "1 499 rows copied from 'default', 8 501 start random", or what is missing or wrong. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public BooleanBinding canConfirmBinding() {
        return canConfirm;
    }

    /** Whether OK's add is running: OK is disabled and the dialog shows progress. */
    public ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** Set once the embedding was added: the dialog closes. */
    public ReadOnlyBooleanProperty addedProperty() {
        return added.getReadOnlyProperty();
    }

    /** Why OK's add failed, in one sentence naming the file and the problem; empty when it did not. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** Whether the open model is a decoder, for which a zero-shot check can follow the add. */
    public boolean forDecoder() {
        return workspace.modelProperty().get() instanceof DecoderModel;
    }

    /**
     * A held-out text to measure the new embedding on once it is added (decoders; optional): bits per byte under
     * it and under "default", in the Event Log.
     */
    public ObjectProperty<Path> zeroShotTextProperty() {
        return zeroShotText;
    }

    /** OK: adds the embedding in the background; {@link #addedProperty()} or {@link #failureProperty()} tells how. */
    public void confirm() {
        if (!canConfirm.get()) {
            return;
        }
        String chosen = NO_REFERENCE.equals(reference.get()) ? null : reference.get();
        String chosenName = name.get().strip();
        AddEmbeddingsRequest request = new AddEmbeddingsRequest(chosenName, tokenizer.get(), chosen,
                chosen == null ? null : referenceTokenizer.get(), OptionalLong.empty(),
                OptionalInt.of(Integer.parseInt(dimension.get().strip())), normalized.get(),
                chosen == null ? InitStrategy.RANDOM : init.get(),
                chosen != null && init.get() == InitStrategy.OMP ? donor.get() : null);
        failure.set("");
        adding.set(true);
        Path zeroShot = forDecoder() ? zeroShotText.get() : null;
        addTask = workspace.addEmbeddings(request, () -> {
            adding.set(false);
            added.set(true);
            if (zeroShot != null) {
                ZeroShotRun.start(workspace, tasks, chosenName, zeroShot);
            }
        }, error -> {
            adding.set(false);
            failure.set(AddEmbeddingsFailure.describe(chosenName, error));
        });
    }

    /** The dialog closed (Cancel, Esc) while the add was running: it stops, and nothing is added. */
    public void cancelAdding() {
        if (adding.get() && addTask != null) {
            addTask.cancel();
        }
    }

    private void validateName() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String candidate = name.get().strip();
        String error = "";
        if (candidate.isEmpty()) {
            error = "Enter a name.";
        } else if (model != null) {
            try {
                model.checkNewEmbeddingsName(candidate);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        nameValid.set(error.isEmpty());
        nameError.set(nameEdited ? error : "");
    }

    private void validateDimension() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String text = dimension.get().strip();
        if (!text.matches("\\d{1,6}")) {
            dimensionError.set("Enter the dimension as a whole number.");
        } else if (model != null && Integer.parseInt(text) != model.hiddenSize()) {
            dimensionError.set("This " + model.modelType() + " model has no embedding "
                    + "projection: its embeddings have dimension " + model.hiddenSize() + ".");
        } else {
            dimensionError.set("");
        }
    }

    private void updatePreview() {
        Path chosenTokenizer = tokenizer.get();
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        tokenizerUsable.set(false);
        if (chosenTokenizer == null || model == null) {
            preview.set("Choose a tokenizer.");
            return;
        }
        long generation = ++previewGeneration;
        if (!Files.exists(chosenTokenizer)) {
            var hubId = TokenizerSource.hubId(chosenTokenizer);
            tokenizerUsable.set(hubId.isPresent()); // fetched on OK
            preview.set(hubId.map(id -> "No file or folder '" + chosenTokenizer
                    + "' here: on OK the tokenizer of " + id + " is fetched from the Hugging Face Hub (or found in "
                    + "its cache) and then added.").orElse("No such file or folder: " + chosenTokenizer));
            return;
        }
        String chosenReference = NO_REFERENCE.equals(reference.get()) ? null : reference.get();
        Path chosenReferenceTokenizer = referenceTokenizer.get();
        boolean useNormalized = normalized.get();
        InitStrategy strategy = init.get();
        String chosenDonor = donor.get();
        int donorDimension = chosenDonor != null && model.hasEmbeddings(chosenDonor)
                ? model.embedding(chosenDonor).dimension() : 0;
        preview.set("Reading " + chosenTokenizer.getFileName() + "…");
        tasks.run("Previewing rows…", (progress, cancellation) -> {
            Tokenizer target = TokenizerLoader.load(chosenTokenizer);
            int rows = target.vocabulary().size();
            if (chosenReference == null) {
                return rows + " rows, all drawn from N(0, 0.02).";
            }
            Tokenizer referenceVocabulary = chosenReferenceTokenizer != null
                    ? TokenizerLoader.load(chosenReferenceTokenizer)
                    : model.tokenizerOf(chosenReference).orElseThrow(() ->
                    new IllegalArgumentException("'" + chosenReference + "' has no tokenizer: choose its tokenizer"));
            VocabularyOverlap overlap = VocabularyMatcher.match(target.vocabulary(), referenceVocabulary.vocabulary(),
                    useNormalized ? MatchOptions.normalized() : MatchOptions.exact());
            int copied = overlap.mapping().size();
            String start = strategy == InitStrategy.RANDOM ? "start random" : "start from " + strategy.label();
            String friends = overlap.falseFriends().isEmpty() ? "" : String.format(
                    " %,d exact-string matches are false friends (same spelling, other position).",
                    overlap.falseFriends().size());
            String cost = "";
            if (strategy == InitStrategy.OMP) {
                cost = donorDimension == 0 ? " OMP needs a donor: an embedding made for this tokenizer."
                        : String.format(" OMP: %,d new rows from up to %,d anchors at dimension %d (k = %d): about %s "
                        + "on %d cores.", rows - copied, copied, donorDimension, EmbeddingOptions.DEFAULT_OMP_ATOMS,
                        duration(OrthogonalMatchingPursuit.estimate(rows - copied, copied, donorDimension,
                                EmbeddingOptions.DEFAULT_OMP_ATOMS).estimatedSeconds()),
                        Runtime.getRuntime().availableProcessors());
            }
            return String.format("%,d rows: %,d copied from '%s' (%s), %,d %s.%s%s%s", rows, copied, chosenReference,
                    useNormalized ? "normalized" : "exact", rows - copied, start, friends, cost,
                    SpecialTokenPreview.describe(target.vocabulary(), overlap));
        }, text -> showPreview(generation, text, true),
                error -> showPreview(generation, "Cannot use this tokenizer: " + error.getMessage(), false));
    }

    static String duration(double seconds) {
        return seconds < 1 ? "under a second" : seconds < 90 ? String.format("%.0f s", seconds)
                : String.format("%.0f min", seconds / 60);
    }

    private void showPreview(long generation, String text, boolean usable) {
        if (generation == previewGeneration) {
            preview.set(text);
            tokenizerUsable.set(usable);
        }
    }
}
