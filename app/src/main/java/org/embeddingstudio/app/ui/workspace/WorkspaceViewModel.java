package org.embeddingstudio.app.ui.workspace;

import ai.djl.Device;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.undo.AdapterJobs;
import org.embeddingstudio.app.ui.undo.EmbeddingJobs;
import org.embeddingstudio.app.ui.undo.JobManager;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingEvent;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.engine.Engines;
import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The open workspace: its model and what the model holds, as observable state, and every operation on its
 * embeddings. Long operations go through the {@link TaskRunner}; core events arrive through the {@link FxBridge},
 * so this class never touches the FX thread itself and is tested without a screen.
 */
public final class WorkspaceViewModel {
    private final TaskRunner tasks;
    private final EventLog log;
    private final FxBridge bridge;
    /** Asked when a model opens, on the background thread (it may load the engine): GPU or CPU. */
    private final Supplier<Device> device;
    private TokenizerSource tokenizerSource = new TokenizerSource(HubSettings.fromSystem());
    private final JobManager jobs = new JobManager();
    private final ReadOnlyObjectWrapper<Path> workspaceFile = new ReadOnlyObjectWrapper<>();
    private ModelSource source;
    private final ReadOnlyObjectWrapper<NamedEmbeddingsModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper engine = new ReadOnlyStringWrapper("PyTorch: loading…");
    private final ModelContents contents = new ModelContents();
    private final List<WorkspacePart> parts = new ArrayList<>();
    private final UnsavedState unsaved = new UnsavedState(jobs, contents.embeddings());

    public WorkspaceViewModel(TaskRunner tasks, Notifier notifier, FxBridge bridge, Device device) {
        this(tasks, notifier, bridge, () -> device);
    }

    /** @param device where models open, asked at each open (the app: a GPU when the loaded PyTorch sees one) */
    public WorkspaceViewModel(TaskRunner tasks, Notifier notifier, FxBridge bridge,
                              Supplier<Device> device) {
        this(tasks, new EventLog(notifier), bridge, device);
    }

    /** @param log the Event Log, shared with the task runner as the route of the failures it reports */
    public WorkspaceViewModel(TaskRunner tasks, EventLog log, FxBridge bridge,
                              Supplier<Device> device) {
        this.tasks = tasks;
        this.log = log;
        this.bridge = bridge;
        this.device = device;
    }

    public ReadOnlyObjectProperty<NamedEmbeddingsModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The compute engine and device in use, e.g. "PyTorch 2.7.1 (cpu) · cpu()". */
    public ReadOnlyStringProperty engineProperty() {
        return engine.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    /** Every embedding of the model, "default" first, refreshed after each change. */
    public ObservableList<EmbeddingInfo> embeddings() {
        return contents.embeddings();
    }

    public ObservableList<String> adapters() {
        return contents.adapters();
    }

    public ReadOnlyStringProperty activeEmbeddingProperty() {
        return contents.activeEmbeddingProperty();
    }

    /** The Event Log: everything the core reported and every error, time-stamped. */
    public ObservableList<LogEntry> log() {
        return log.entries();
    }

    /** The Event Log as the route failures take to the user: for a task runner of this workspace's views. */
    public EventLog eventLog() {
        return log;
    }

    /** Opens a model in the background; the current one is closed when the new one is ready. */
    public void open(ModelSource source) {
        tasks.run("Opening model " + source.label() + "…",
                (progress, cancellation) -> WorkspaceJobs.openModel(source, device.get(), progress, cancellation),
                loaded -> install(loaded, source, null),
                error -> fail("Could not open model " + source.label(), error));
    }

    /**
     * Opens a workspace file: its model, then every embedding and adapter it lists, in the background. Nothing
     * changes in the current workspace unless all of it loads.
     */
    public void openWorkspace(Path file) {
        tasks.run("Opening workspace " + file.getFileName() + "…",
                (progress, cancellation) -> WorkspaceJobs.openWorkspace(file, device.get(), progress, cancellation),
                opened -> install(opened.model(), opened.source(), file),
                error -> fail("Could not open workspace " + file, error));
    }

    /** Saves the workspace (and whatever is not saved yet beside it); afterwards it has no unsaved changes. */
    public void saveWorkspace(Path file) {
        saveWorkspace(file, () -> { });
    }

    /** Saves the workspace, then runs {@code afterSaved} on the UI thread; not when the save fails. */
    public void saveWorkspace(Path file, Runnable afterSaved) {
        NamedEmbeddingsModel current = requireModel();
        ModelSource currentSource = source;
        int revision = jobs.revisionProperty().get();
        List<WorkspacePart.Writer> writers = parts.stream().map(part -> part.prepareSave(file)).toList();
        tasks.run("Saving workspace " + file.getFileName() + "…", (progress, cancellation) -> {
            WorkspaceFile.save(file, currentSource, current, writers, cancellation);
            return file;
        }, saved -> {
            workspaceFile.set(saved);
            unsaved.savedAt(revision);
            record(LogEntry.Kind.INFO, "Saved workspace " + saved);
            refresh();
            afterSaved.run();
        }, error -> fail("Could not save workspace " + file, error));
    }

    /** The workspace file this workspace was opened from or saved to, or null. */
    public ReadOnlyObjectProperty<Path> workspaceFileProperty() {
        return workspaceFile.getReadOnlyProperty();
    }

    /** True when there are changes since the workspace was opened or last saved ({@link UnsavedState}). */
    public BooleanBinding dirtyBinding() {
        return unsaved.dirty();
    }

    /** Another view model's state to keep with the workspace (the training runs). */
    public void addPart(WorkspacePart part) {
        parts.add(part);
    }

    /** Records a change made outside the undo history (a training run): unsaved until the workspace is saved. */
    public void markChanged(String what) {
        unsaved.changedOutsideHistory();
        record(LogEntry.Kind.INFO, what);
    }

    private void install(NamedEmbeddingsModel loaded, ModelSource newSource, Path file) {
        NamedEmbeddingsModel previous = model.get();
        jobs.clear();
        loaded.addEmbeddingListener(bridge.onUiThread(this::onEmbeddingEvent)::accept);
        loaded.addAdapterListener(bridge.onUiThread(event -> refresh()));
        source = newSource;
        model.set(loaded);
        modelName.set(newSource.label());
        Engines.EngineInfo info = Engines.pytorch(); // already loaded with the model: quick
        engine.set(info.engine() + " " + info.version() + " (" + info.flavor() + ") · "
                + DeviceName.of(loaded.device().toString()));
        workspaceFile.set(file);
        unsaved.opened();
        if (previous != null) {
            previous.close();
        }
        parts.forEach(part -> part.opened(file));
        record(LogEntry.Kind.INFO, "Opened " + (file == null ? "model " + newSource.label() : "workspace " + file)
                + " (" + loaded.summary() + ")");
        refresh();
    }

    /** Where Hub ids given as tokenizers resolve (the environment's HF_* settings unless a test points elsewhere). */
    public void useHub(HubSettings settings) {
        tokenizerSource = new TokenizerSource(settings);
    }

    /**
     * Adds an embedding in the background: tokenizers are read (fetched from the Hugging Face Hub first when given
     * by id), the matrix drawn and copied, then it is active.
     */
    public void addEmbeddings(AddEmbeddingsRequest request) {
        addEmbeddings(request, () -> { }, error -> fail("Could not add embedding '" + request.name() + "'", error));
    }

    /**
     * As {@link #addEmbeddings(AddEmbeddingsRequest)}, for a dialog that stays open on failure and says why itself:
     * {@code onFailed} gets the failure (a cancellation too), which is noted in the Event Log but not notified.
     */
    public TaskRunner.RunningTask addEmbeddings(AddEmbeddingsRequest request, Runnable onAdded,
                                                Consumer<Throwable> onFailed) {
        NamedEmbeddingsModel current = requireModel();
        TokenizerSource source = tokenizerSource;
        return tasks.run("Adding embedding '" + request.name() + "'…", (progress, cancellation) ->
                WorkspaceJobs.addEmbeddings(current, source, request, progress, cancellation),
                (EmbeddingInitializer.Created created) -> {
                    jobs.record(EmbeddingJobs.added(current, request.name()));
                    record(LogEntry.Kind.INFO, "Added embedding '" + request.name() + "': "
                            + LogEntry.count(created.copiedRows()) + " rows copied, "
                            + LogEntry.count(created.randomRows()) + " drawn at random");
                    onAdded.run();
                }, error -> {
                    log.noteShownInPlace("Could not add embedding '" + request.name() + "'", error);
                    onFailed.accept(error);
                });
    }

    /**
     * Adds {@code name} as a copy of the embedding {@code source} (undoable), then runs {@code afterCopied}: how a
     * reference is kept while a copy of it trains.
     */
    public void copyEmbeddings(String source, String name, Runnable afterCopied) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Copying embedding '" + source + "'…", (progress, cancellation) ->
                WorkspaceJobs.copyEmbeddings(current, source, name), created -> {
                    jobs.record(EmbeddingJobs.added(current, name));
                    record(LogEntry.Kind.INFO, "Added embedding '" + name + "', a copy of '" + source + "' ("
                            + created.embedding().rows() + " rows), to train in its place");
                    afterCopied.run();
                }, error -> fail("Could not copy embedding '" + source + "'", error));
    }

    /** Switching is instant: no background task. Undoable. */
    public void setActive(String name) {
        guard("Could not activate '" + name + "'", () -> jobs.execute(EmbeddingJobs.activate(requireModel(), name)));
    }

    /** Deletes, keeping the matrix detached while the delete can be undone: no trained weights lost by a click. */
    public void delete(String name) {
        guard("Could not delete '" + name + "'", () -> jobs.execute(EmbeddingJobs.delete(requireModel(), name)));
    }

    public void rename(String name, String newName) {
        guard("Could not rename '" + name + "'", () -> jobs.execute(EmbeddingJobs.rename(requireModel(), name,
                newName)));
    }

    public void undo() {
        guard("Could not undo", jobs::undo);
    }

    public void redo() {
        guard("Could not redo", jobs::redo);
    }

    /** The undo history: what Undo and Redo would do, and whether they can. */
    public JobManager jobs() {
        return jobs;
    }

    public void saveEmbeddings(String name, Path folder, boolean withTokenizer, EmbeddingFormat format) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Saving embedding '" + name + "'…", (progress, cancellation) -> {
            Tokenizer tokenizer = withTokenizer ? current.tokenizerOf(name).orElse(null) : null;
            current.saveEmbeddings(folder, name, tokenizer, format);
            return folder;
        }, saved -> refresh(), error -> fail("Could not save embedding '" + name + "' to " + folder, error));
    }

    public void loadEmbeddings(Path folder, String name) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Loading embeddings from " + folder + "…",
                (progress, cancellation) -> current.loadEmbeddings(folder, name),
                (Optional<Tokenizer> tokenizer) -> {
                    jobs.record(EmbeddingJobs.added(current, name));
                    record(LogEntry.Kind.INFO, "Loaded '" + name + "' from " + folder
                            + (tokenizer.isPresent() ? " with its tokenizer" : " (no tokenizer was saved with it)"));
                },
                error -> fail("Could not load embeddings from " + folder, error));
    }

    /** Adds a bottleneck adapter ("seq_bn" or "double_seq_bn") and makes it the active one. Undoable. */
    public void addAdapter(String name, BottleneckConfig config) {
        guard("Could not add adapter '" + name + "'", () -> {
            jobs.execute(AdapterJobs.add(requireModel(), name, config));
            record(LogEntry.Kind.INFO, "Added adapter '" + name + "' (reduction factor "
                    + (int) config.reductionFactor() + ", " + config.nonLinearity() + ")");
        });
    }

    /** Makes an adapter the one of the forward pass, or none with null. Undoable. */
    public void setActiveAdapter(String name) {
        guard("Could not activate adapter '" + name + "'", () -> jobs.execute(AdapterJobs.activate(requireModel(),
                name)));
    }

    /** The active adapter's name, or "" — for views. */
    public ReadOnlyStringProperty activeAdapterProperty() {
        return contents.activeAdapterProperty();
    }

    /** The adapter of the forward pass, if any. */
    public Optional<String> activeAdapter() {
        NamedEmbeddingsModel current = model.get();
        String active = current == null ? "" : current.adapterInfos().active();
        return active.isEmpty() ? Optional.empty() : Optional.of(active);
    }

    public void deleteAdapter(String name) {
        guard("Could not delete adapter '" + name + "'", () -> {
            jobs.execute(AdapterJobs.delete(requireModel(), name));
            record(LogEntry.Kind.INFO, "Deleted adapter '" + name + "'");
        });
    }

    /** Saves an adapter in adapters' layout, with the active classification head if there is one. */
    public void saveAdapter(String name, Path folder) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Saving adapter '" + name + "'…", (progress, cancellation) -> {
            current.saveAdapter(folder, name);
            return folder;
        }, saved -> record(LogEntry.Kind.INFO, "Saved adapter '" + name + "' to " + saved),
                error -> fail("Could not save adapter '" + name + "' to " + folder, error));
    }

    /** Loads an adapter folder (ours or adapters'), with its head if it has one. */
    public void loadAdapter(Path folder) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Loading adapter from " + folder + "…", (progress, cancellation) -> current.loadAdapter(folder,
                        null),
                name -> markChanged("Loaded adapter '" + name + "' from " + folder),
                error -> fail("Could not load the adapter in " + folder, error));
    }

    /** Exports the model with its active embedding as a Hugging Face folder. */
    public void exportHuggingFace(Path folder) {
        NamedEmbeddingsModel current = requireModel();
        tasks.run("Exporting model to " + folder + "…", (progress, cancellation) -> {
            current.exportHuggingFace(folder);
            return folder;
        }, exported -> record(LogEntry.Kind.INFO, "Exported the model with '" + current.activeEmbeddings()
                + "' as a Hugging Face folder: " + exported),
                error -> fail("Could not export the model to " + folder, error));
    }

    private NamedEmbeddingsModel requireModel() {
        NamedEmbeddingsModel current = model.get();
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
        log.report(title, error);
    }

    private void onEmbeddingEvent(EmbeddingEvent event) {
        if (event instanceof EmbeddingEvent.Trained) {
            unsaved.changedOutsideHistory();
        }
        log.add(LogEntry.of(event));
        refresh();
    }

    private void refresh() {
        NamedEmbeddingsModel current = model.get();
        if (current != null) {
            contents.refresh(current);
        }
    }

    private void record(LogEntry.Kind kind, String text) {
        log.record(kind, text);
    }
}
