package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Optional;

/**
 * The open workspace: its model and what the model holds, as observable state, and every operation on its
 * embeddings. Long operations go through the {@link TaskRunner}; core events arrive through the {@link FxBridge},
 * so this class never touches the FX thread itself and is tested without a screen.
 */
public final class WorkspaceViewModel {
    private final TaskRunner tasks;
    private final Notifier notifier;
    private final FxBridge bridge;
    private final Device device;
    private final ReadOnlyObjectWrapper<AdapterModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper("");
    private final ObservableList<EmbeddingInfo> embeddings = FXCollections.observableArrayList();
    private final ObservableList<String> adapters = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper activeEmbedding = new ReadOnlyStringWrapper("");
    private final ObservableList<LogEntry> log = FXCollections.observableArrayList();
    // Read-only views made once: an unmodifiable wrapper listens weakly, so a new one per call could be collected.
    private final ObservableList<EmbeddingInfo> embeddingsView = FXCollections.unmodifiableObservableList(embeddings);
    private final ObservableList<String> adaptersView = FXCollections.unmodifiableObservableList(adapters);
    private final ObservableList<LogEntry> logView = FXCollections.unmodifiableObservableList(log);

    public WorkspaceViewModel(TaskRunner tasks, Notifier notifier, FxBridge bridge, Device device) {
        this.tasks = tasks;
        this.notifier = notifier;
        this.bridge = bridge;
        this.device = device;
    }

    public ReadOnlyObjectProperty<AdapterModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    /** Every embedding of the model, "default" first, refreshed after each change. */
    public ObservableList<EmbeddingInfo> embeddings() {
        return embeddingsView;
    }

    public ObservableList<String> adapters() {
        return adaptersView;
    }

    public ReadOnlyStringProperty activeEmbeddingProperty() {
        return activeEmbedding.getReadOnlyProperty();
    }

    /** The Event Log: everything the core reported and every error, time-stamped. */
    public ObservableList<LogEntry> log() {
        return logView;
    }

    /** Opens a model in the background; the current one is closed when the new one is ready. */
    public void open(ModelSource source) {
        tasks.run("Opening model " + source.label() + "…", (progress, cancellation) -> source.load(device, progress),
                loaded -> {
                    AdapterModel previous = model.get();
                    loaded.addEmbeddingListener(bridge.onUiThread(this::onEmbeddingEvent)::accept);
                    loaded.adapters().addListener(bridge.onUiThread(event -> refresh()));
                    model.set(loaded);
                    modelName.set(source.label());
                    if (previous != null) {
                        previous.close();
                    }
                    record(LogEntry.Kind.INFO, "Opened model " + source.label() + " ("
                            + loaded.config().architecture().modelType() + ", " + loaded.config().numHiddenLayers()
                            + " layers, hidden " + loaded.config().hiddenSize() + ")");
                    refresh();
                },
                error -> fail("Could not open model " + source.label(), error));
    }

    /** Adds an embedding in the background: tokenizers are read, the matrix drawn and copied, then it is active. */
    public void addEmbeddings(AddEmbeddingsRequest request) {
        AdapterModel current = requireModel();
        tasks.run("Adding embedding '" + request.name() + "'…", (progress, cancellation) -> {
            progress.message("Reading tokenizer " + request.tokenizer());
            Tokenizer tokenizer = TokenizerLoader.load(request.tokenizer());
            Tokenizer referenceTokenizer = null;
            if (request.reference() != null) {
                referenceTokenizer = request.referenceTokenizer() != null
                        ? TokenizerLoader.load(request.referenceTokenizer())
                        : current.embeddings().get(request.reference()).tokenizer().orElseThrow(() ->
                        new IllegalArgumentException("the embedding '" + request.reference()
                                + "' has no tokenizer; choose its tokenizer file"));
            }
            progress.message("Drawing and copying rows");
            EmbeddingOptions options = request.seed().isPresent()
                    ? EmbeddingOptions.defaults().withSeed(request.seed().getAsLong()) : EmbeddingOptions.defaults();
            return current.addEmbeddings(request.name(), tokenizer, request.reference(), referenceTokenizer, options);
        }, (EmbeddingInitializer.Created created) -> record(LogEntry.Kind.INFO, "Added embedding '" + request.name()
                + "': " + created.copiedRows() + " rows copied, " + created.randomRows() + " drawn at random"),
                error -> fail("Could not add embedding '" + request.name() + "'", error));
    }

    /** Switching is instant: no background task. */
    public void setActive(String name) {
        guard("Could not activate '" + name + "'", () -> requireModel().setActiveEmbeddings(name));
    }

    public void delete(String name) {
        guard("Could not delete '" + name + "'", () -> requireModel().deleteEmbeddings(name));
    }

    public void rename(String name, String newName) {
        guard("Could not rename '" + name + "'", () -> requireModel().renameEmbeddings(name, newName));
    }

    public void saveEmbeddings(String name, Path folder, boolean withTokenizer, EmbeddingFormat format) {
        AdapterModel current = requireModel();
        tasks.run("Saving embedding '" + name + "'…", (progress, cancellation) -> {
            Tokenizer tokenizer = withTokenizer ? current.embeddings().get(name).tokenizer().orElse(null) : null;
            current.saveEmbeddings(folder, name, tokenizer, format);
            return folder;
        }, saved -> refresh(), error -> fail("Could not save embedding '" + name + "' to " + folder, error));
    }

    public void loadEmbeddings(Path folder, String name) {
        AdapterModel current = requireModel();
        tasks.run("Loading embeddings from " + folder + "…",
                (progress, cancellation) -> current.loadEmbeddings(folder, name),
                (Optional<Tokenizer> tokenizer) -> record(LogEntry.Kind.INFO, "Loaded '" + name + "' from " + folder
                        + (tokenizer.isPresent() ? " with its tokenizer" : " (no tokenizer was saved with it)")),
                error -> fail("Could not load embeddings from " + folder, error));
    }

    private AdapterModel requireModel() {
        AdapterModel current = model.get();
        if (current == null) {
            throw new IllegalStateException("no model is open");
        }
        return current;
    }

    private void guard(String title, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            fail(title, e);
        }
    }

    private void fail(String title, Throwable error) {
        record(LogEntry.Kind.ERROR, title + ": " + error.getMessage());
        notifier.error(title, error);
    }

    private void onEmbeddingEvent(EmbeddingEvent event) {
        switch (event) {
            case EmbeddingEvent.Added added -> record(LogEntry.Kind.INFO, (added.loaded() ? "Loaded" : "Created")
                    + " embedding '" + added.name() + "' (" + added.rows() + " × " + added.dimension() + ")");
            case EmbeddingEvent.Activated activated -> record(LogEntry.Kind.INFO, "Active embedding: '"
                    + activated.name() + "'");
            case EmbeddingEvent.Deleted deleted -> record(deleted.activeWasDeleted() ? LogEntry.Kind.WARNING
                    : LogEntry.Kind.INFO, "Deleted embedding '" + deleted.name() + "'" + (deleted.activeWasDeleted()
                    ? "; it was active, so '" + deleted.nowActive() + "' is active again" : ""));
            case EmbeddingEvent.Renamed renamed -> record(LogEntry.Kind.INFO, "Renamed '" + renamed.previousName()
                    + "' to '" + renamed.name() + "'");
            case EmbeddingEvent.Trained trained -> record(LogEntry.Kind.INFO, "Training changed "
                    + trained.rowsChanged() + " rows of '" + trained.name() + "'");
            case EmbeddingEvent.Saved saved -> record(LogEntry.Kind.INFO, "Saved '" + saved.name() + "' to "
                    + saved.folder());
            case EmbeddingEvent.Warned warned -> record(LogEntry.Kind.WARNING, "'" + warned.name() + "': "
                    + warned.message());
        }
        refresh();
    }

    private void refresh() {
        AdapterModel current = model.get();
        if (current == null) {
            return;
        }
        embeddings.setAll(current.embeddingInfos());
        activeEmbedding.set(embeddings.stream().filter(EmbeddingInfo::active).map(EmbeddingInfo::name)
                .findFirst().orElse(""));
        adapters.setAll(current.adapterInfos().names());
    }

    private void record(LogEntry.Kind kind, String text) {
        log.add(new LogEntry(LocalTime.now(), kind, text));
    }
}
