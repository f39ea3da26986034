package org.embeddingstudio.app;

import ai.djl.Device;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.action.FindActionPopup;
import org.embeddingstudio.app.ui.action.FindActionViewModel;
import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsDialog;
import org.embeddingstudio.app.ui.embeddings.AddEmbeddingsViewModel;
import org.embeddingstudio.app.ui.embeddings.AdaptersViewModel;
import org.embeddingstudio.app.ui.embeddings.EmbeddingsViewModel;
import org.embeddingstudio.app.ui.embeddings.ModelTreeView;
import org.embeddingstudio.app.ui.eventlog.EventLogView;
import org.embeddingstudio.app.ui.fx.BackgroundTasks;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.hub.HubDownloadDialog;
import org.embeddingstudio.app.ui.hub.HubDownloadViewModel;
import org.embeddingstudio.app.ui.fx.FxTaskRunner;
import org.embeddingstudio.app.ui.overlap.IntersectionsView;
import org.embeddingstudio.app.ui.overlap.IntersectionsViewModel;
import org.embeddingstudio.app.ui.overlap.OverlapView;
import org.embeddingstudio.app.ui.overlap.OverlapViewModel;
import org.embeddingstudio.app.ui.properties.PropertiesView;
import org.embeddingstudio.app.ui.properties.PropertiesViewModel;
import org.embeddingstudio.app.ui.shell.FxDialogService;
import org.embeddingstudio.app.ui.shell.FxNotifier;
import org.embeddingstudio.app.ui.shell.MainWindow;
import org.embeddingstudio.app.ui.shell.StatusBarView;
import org.embeddingstudio.app.ui.shell.StatusBarViewModel;
import org.embeddingstudio.app.ui.shell.ToolWindow;
import org.embeddingstudio.app.ui.shell.ToolWindowsViewModel;
import org.embeddingstudio.app.ui.projection.ProjectionView;
import org.embeddingstudio.app.ui.projection.ProjectionViewModel;
import org.embeddingstudio.app.ui.tokenize.TokenizeView;
import org.embeddingstudio.app.ui.tokenize.TrainTokenizerDialog;
import org.embeddingstudio.app.ui.tokenize.TrainTokenizerViewModel;
import org.embeddingstudio.app.ui.tokenize.TokenizeViewModel;
import org.embeddingstudio.app.ui.tryit.TryItView;
import org.embeddingstudio.app.ui.tryit.TryItViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.app.ui.workspace.UnsavedChanges;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubSettings;
import org.embeddingstudio.core.hub.HuggingFaceCache;
import org.embeddingstudio.app.demo.DemoWorkspace;
import org.embeddingstudio.app.demo.GermanDemoVocabulary;
import org.embeddingstudio.app.ui.training.TrainingView;
import org.embeddingstudio.app.ui.training.TrainingViewModel;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The composition root: builds every view model and view once and wires them; no logic of its own. The app and
 * the UI tests both build their window here.
 */
public final class Workbench {
    private final ActionFactory actions;
    private final FxTaskRunner taskRunner;
    private final WorkspaceViewModel workspace;
    private final TrainingViewModel training;
    private final UnsavedChanges unsavedChanges;
    private final Scene scene;
    private boolean dark;
    static final String WORKSPACE_EXTENSION = ".esw";

    /**
     * @param systemPrefersDark what the desktop prefers, for the "system" theme (asked off the FX thread)
     */
    public Workbench(Stage stage, Device device, Settings settings, boolean systemPrefersDark) {
        this(stage, () -> device, settings, systemPrefersDark, new FxDialogService(() -> stage));
    }

    /** @param device where models open, asked at each open off the FX thread (the app: GPU when PyTorch sees one) */
    public Workbench(Stage stage, java.util.function.Supplier<Device> device, Settings settings,
                     boolean systemPrefersDark) {
        this(stage, device, settings, systemPrefersDark, new FxDialogService(() -> stage));
    }

    /**
     * @param dialogs the questions to the user; UI tests answer the native file choosers, which a headless screen
     *                cannot show, and let every other dialog show for real
     */
    public Workbench(Stage stage, Device device, Settings settings, boolean systemPrefersDark,
                     DialogService dialogs) {
        this(stage, () -> device, settings, systemPrefersDark, dialogs);
    }

    private Workbench(Stage stage, java.util.function.Supplier<Device> device, Settings settings,
                      boolean systemPrefersDark, DialogService dialogs) {
        String forced = System.getProperty("embeddingstudio.theme", "");
        dark = forced.isEmpty() ? switch (settings.theme()) {
            case SYSTEM -> systemPrefersDark;
            case LIGHT -> false;
            case DARK -> true;
        } : "dark".equalsIgnoreCase(forced);
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        BackgroundTasks backgroundTasks = new BackgroundTasks();
        taskRunner = new FxTaskRunner(backgroundTasks);
        workspace = new WorkspaceViewModel(taskRunner, new FxNotifier(() -> stage),
                FxBridge.toFxThread(), device);
        BooleanBinding busy = backgroundTasks.busyBinding();
        EmbeddingsViewModel embeddings = new EmbeddingsViewModel(workspace, dialogs, busy);
        PropertiesViewModel properties = new PropertiesViewModel();
        embeddings.selectedProperty().addListener((o, a, selected) ->
                properties.show(workspace.modelProperty().get(), selected));
        workspace.modelProperty().addListener((o, a, model) -> properties.show(model, null));

        BooleanBinding hasModel = workspace.modelProperty().isNotNull().and(busy.not());
        BooleanBinding hasSelection = embeddings.selectedProperty().isNotNull().and(hasModel);
        TabPane editor = new TabPane(MainWindow.welcomeTab(Bindings.createStringBinding(() ->
                        "Active embedding: " + workspace.activeEmbeddingProperty().get()
                                + "\n\nAdd an embedding for a new tokenizer (Ctrl+N), switch the active one with its toggle, "
                                + "save it for Python's adapters (Ctrl+Shift+E), "
                                + "save the whole workspace (Ctrl+S). Every action: Ctrl+Shift+A.",
                workspace.activeEmbeddingProperty())));
        actions = new ActionFactory();
        // Whatever replaces the workspace (another model, workspace or the demo, or quitting) asks about unsaved
        // changes first.
        unsavedChanges = new UnsavedChanges(workspace, dialogs);
        actions.register(ActionId.OPEN_MODEL, () -> dialogs.chooseFolder("Open Hugging Face Model Folder")
                .ifPresent(folder -> unsavedChanges.closeThen(() -> workspace.open(new ModelSource.Folder(folder)))),
                busy.not());
        actions.register(ActionId.OPEN_FROM_CACHE, () -> unsavedChanges.closeThen(() ->
                workspace.openFromHuggingFaceCache(HuggingFaceCache.fromEnvironment(System.getenv()), dialogs)),
                busy.not());
        actions.register(ActionId.OPEN_FROM_HUB, () -> {
            HubDownloadViewModel hub = new HubDownloadViewModel(new HubClient(HubSettings.fromSystem()), taskRunner,
                    FxBridge.toFxThread());
            new HubDownloadDialog(stage, hub).showAndWait();
            Optional.ofNullable(hub.downloadedProperty().get()).ifPresent(snapshot -> unsavedChanges.closeThen(() ->
                    workspace.open(new ModelSource.Folder(snapshot.folder(), snapshot.repo().toString()))));
        }, busy.not());
        actions.register(ActionId.OPEN_WORKSPACE, () -> dialogs.chooseFileToOpen("Open Workspace", WORKSPACE_EXTENSION)
                .ifPresent(this::openWorkspace), busy.not());
        Runnable saveAs = () -> dialogs.chooseFileToSave("Save Workspace", WORKSPACE_EXTENSION)
                .ifPresent(workspace::saveWorkspace);
        actions.register(ActionId.SAVE_WORKSPACE, () -> {
            if (workspace.workspaceFileProperty().get() == null) {
                saveAs.run();
            } else {
                workspace.saveWorkspace(workspace.workspaceFileProperty().get());
            }
        }, hasModel);
        actions.register(ActionId.SAVE_WORKSPACE_AS, saveAs, hasModel);
        actions.register(ActionId.NEW_DEMO, () -> unsavedChanges.closeThen(() -> workspace.open(
                new ModelSource.Demo())), busy.not());
        java.util.function.Consumer<Path> addEmbeddingsFor = tokenizer -> {
            AddEmbeddingsViewModel dialog = new AddEmbeddingsViewModel(workspace, taskRunner);
            if (tokenizer != null) {
                dialog.tokenizerProperty().set(tokenizer);
                dialog.nameProperty().set(tokenizer.getFileName().toString());
            }
            new AddEmbeddingsDialog(stage, dialog).showAndWait().filter(ButtonType.OK::equals)
                    .ifPresent(ok -> dialog.confirm());
        };
        actions.register(ActionId.ADD_EMBEDDINGS, () -> addEmbeddingsFor.accept(null), hasModel);
        actions.register(ActionId.TRAIN_TOKENIZER, () -> {
            TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(taskRunner, new FxNotifier(() -> stage));
            new TrainTokenizerDialog(stage, dialog).showAndWait().filter(ButtonType.OK::equals)
                    .ifPresent(ok -> dialog.confirm(folder -> {
                        if (workspace.modelProperty().get() != null && dialogs.confirm("Tokenizer Trained",
                                "Add an embedding for the new tokenizer now?")) {
                            addEmbeddingsFor.accept(folder);
                        }
                    }));
        }, null);
        actions.register(ActionId.UNDO, workspace::undo, workspace.jobs().canUndoBinding().and(busy.not()));
        actions.register(ActionId.REDO, workspace::redo, workspace.jobs().canRedoBinding().and(busy.not()));
        actions.register(ActionId.SET_ACTIVE, () -> embeddings.activate(embeddings.selectedProperty().get()),
                hasSelection);
        actions.register(ActionId.RENAME_EMBEDDINGS, embeddings::renameSelected,
                embeddings.canChangeSelectedBinding());
        actions.register(ActionId.DELETE_EMBEDDINGS, embeddings::deleteSelected,
                embeddings.canChangeSelectedBinding());
        actions.register(ActionId.SAVE_EMBEDDINGS, embeddings::saveSelected,
                hasSelection);
        actions.register(ActionId.LOAD_EMBEDDINGS, embeddings::load, hasModel);
        actions.register(ActionId.TOGGLE_THEME, () -> {
            settings.setTheme(dark ? Settings.Theme.LIGHT : Settings.Theme.DARK);
            applyTheme(!dark);
        }, null);
        actions.register(ActionId.SETTINGS, () -> dialogs.chooseOne("Settings", "Theme:", THEMES)
                .ifPresent(choice -> {
                    Settings.Theme theme = Settings.Theme.values()[THEMES.indexOf(choice)];
                    settings.setTheme(theme);
                    applyTheme(theme == Settings.Theme.DARK || theme == Settings.Theme.SYSTEM && systemPrefersDark);
                }), null);
        BooleanBinding hasAdapter = Bindings.isNotEmpty(workspace.adapters()).and(hasModel);
        actions.register(ActionId.COMPARE_VOCABULARIES, () -> {
            OverlapViewModel overlap = new OverlapViewModel(workspace, taskRunner, dialogs);
            Tab tab = new Tab("Overlap", new OverlapView(overlap));
            editor.getTabs().add(tab);
            editor.getSelectionModel().select(tab);
            overlap.compare(); // the suggested pair right away: a fresh tab with figures beats an empty one
        }, hasModel);
        actions.register(ActionId.COMPARE_SEVERAL, () -> {
            IntersectionsViewModel intersections = new IntersectionsViewModel(workspace, taskRunner, dialogs);
            Tab tab = new Tab("Intersections", new IntersectionsView(intersections));
            editor.getTabs().add(tab);
            editor.getSelectionModel().select(tab);
            if (intersections.sources().size() >= 2) {
                intersections.compare(); // the workspace's vocabularies right away; add candidates and compare again
            }
        }, hasModel);
        actions.register(ActionId.SHOW_PROJECTION, () -> {
            ProjectionViewModel projection = new ProjectionViewModel(workspace, taskRunner, dialogs);
            Tab tab = new Tab("Projection", new ProjectionView(projection));
            editor.getTabs().add(tab);
            editor.getSelectionModel().select(tab);
            projection.project(); // the active embedding right away
        }, hasModel);
        actions.register(ActionId.ADD_ADAPTER, () -> dialogs.askText("Add Adapter",
                "Name of the new bottleneck adapter (seq_bn: after each feed-forward block, reduction factor 16):",
                "adapter").ifPresent(name -> workspace.addAdapter(name, BottleneckConfig.seqBn())), hasModel);
        actions.register(ActionId.LOAD_ADAPTER, () -> dialogs.chooseFolder("Load Adapter")
                .ifPresent(workspace::loadAdapter), hasModel);
        actions.register(ActionId.SAVE_ADAPTER, () -> workspace.activeAdapter().ifPresent(name ->
                dialogs.chooseFolder("Save Adapter '" + name + "' To")
                        .ifPresent(folder -> workspace.saveAdapter(name, folder))), hasAdapter);
        actions.register(ActionId.DELETE_ADAPTER, () -> workspace.activeAdapter().filter(name -> dialogs.confirm(
                "Delete Adapter", "Delete the adapter '" + name + "'?")).ifPresent(workspace::deleteAdapter),
                hasAdapter);
        actions.register(ActionId.EXPORT_MODEL, () -> dialogs.chooseFolder("Export as Hugging Face Folder")
                .ifPresent(workspace::exportHuggingFace), hasModel);
        actions.register(ActionId.FIND_ACTION, () -> new FindActionPopup(new FindActionViewModel(actions::isEnabled,
                actions::perform)).showOver(stage), null);
        actions.register(ActionId.EXIT, () -> closeWindow(dialogs, unsavedChanges, stage), null);
        stage.setOnCloseRequest(event -> {
            event.consume(); // closed by closeWindow, at once or once the workspace is saved
            closeWindow(dialogs, unsavedChanges, stage);
        });

        training = new TrainingViewModel(workspace, taskRunner, FxBridge.toFxThread(), dialogs, this::runsFolder);
        workspace.modelProperty().addListener((o, a, model) -> {
            if (model != null && model.embeddingNames().contains(DemoWorkspace.GERMAN)) {
                try {
                    training.data().suggestData(DemoWorkspace.trainingCorpus(GermanDemoVocabulary.userCacheFolder()));
                } catch (java.io.IOException e) {
                    org.slf4j.LoggerFactory.getLogger(Workbench.class).warn("no demo training corpus", e);
                }
            }
        });
        ToolWindowsViewModel toolWindows = new ToolWindowsViewModel();
        List<ToolWindow> windows = List.of(
                new ToolWindow("model", "Model", Material2AL.ACCOUNT_TREE, ToolWindow.Side.LEFT, 1,
                        new ModelTreeView(workspace, embeddings, new AdaptersViewModel(workspace, dialogs))),
                new ToolWindow("properties", "Properties", Material2AL.INFO, ToolWindow.Side.RIGHT, 2,
                        new PropertiesView(properties)),
                new ToolWindow("event-log", "Event Log", Material2AL.EVENT_NOTE, ToolWindow.Side.BOTTOM, 3,
                        new EventLogView(workspace.log())),
                new ToolWindow("try-it", "Try It", Material2AL.CHAT, ToolWindow.Side.BOTTOM, 4,
                        new TryItView(new TryItViewModel(workspace, taskRunner))),
                new ToolWindow("training", "Training", Material2MZ.SHOW_CHART, ToolWindow.Side.BOTTOM, 5,
                        new TrainingView(training)),
                new ToolWindow("tokenize", "Tokenize", Material2MZ.TEXT_FIELDS, ToolWindow.Side.BOTTOM, 6,
                        new TokenizeView(new TokenizeViewModel(workspace))));
        // The editor, the tree, properties and the log at first; the rest a keystroke away.
        Set<String> shownAtStart = Set.of("model", "properties", "event-log");
        windows.forEach(w -> toolWindows.register(w.id(), shownAtStart.contains(w.id())));
        StatusBarViewModel statusBar = new StatusBarViewModel(backgroundTasks, workspace.engineProperty());
        workspace.workspaceFileProperty().addListener((o, a, file) -> {
            if (file != null) {
                settings.remember(file);
            }
        });
        Menu recent = new Menu("Recent Workspaces");
        recent.setOnShowing(e -> recent.getItems().setAll(settings.recentWorkspaces().stream().map(file -> {
            MenuItem item = new MenuItem(file.getFileName() + "  —  " + file.getParent());
            item.setOnAction(event -> openWorkspace(file));
            return item;
        }).toList()));
        recent.getItems().add(new MenuItem("(none yet)"));
        MainWindow window = new MainWindow(actions, windows, toolWindows, editor, new StatusBarView(statusBar), recent);
        scene = new Scene(window, 1280, 800);
        scene.getStylesheets().add(getClass().getResource("/org/embeddingstudio/app/studio.css").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> (workspace.dirtyBinding().get() ? "*" : "")
                        + "Embedding Studio — " + (workspace.workspaceFileProperty().get() != null
                        ? workspace.workspaceFileProperty().get().getFileName().toString()
                        : workspace.modelNameProperty().get().isEmpty() ? "no model" : workspace.modelNameProperty().get()),
                workspace.modelNameProperty(), workspace.workspaceFileProperty(), workspace.dirtyBinding()));
    }

    /** The Settings dialog's theme choices, in {@link Settings.Theme} order. */
    private static final java.util.List<String> THEMES = java.util.List.of("Follow the system", "Light", "Dark");

    private void applyTheme(boolean toDark) {
        dark = toDark;
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /**
     * Closes the window, asking first: a running training run (confirmed, it stops after its step and saves a
     * checkpoint it can resume from), then unsaved changes (Save, Don't Save or Cancel; {@link UnsavedChanges}).
     */
    private void closeWindow(DialogService dialogs, UnsavedChanges unsavedChanges, Stage stage) {
        if (training.run().runningBinding().get()) {
            if (dialogs.confirm("Training Is Running", "Stop the run after its current step, save a checkpoint it "
                    + "can resume from, and close?")) {
                training.run().cancelThen(() -> closeWindow(dialogs, unsavedChanges, stage));
            }
            return;
        }
        unsavedChanges.closeThen(stage::close);
    }

    /** Opens a workspace file in place of the current workspace, asking about its unsaved changes first. */
    public void openWorkspace(java.nio.file.Path file) {
        unsavedChanges.closeThen(() -> workspace.openWorkspace(file));
    }

    /** Runs an action as its menu item would (for benchmarks and scripted use). */
    public void perform(ActionId id) {
        actions.perform(id);
    }

    /** Checkpoints of runs in a workspace not saved yet. */
    private java.nio.file.Path runsFolder() {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "embedding-studio-runs");
    }

    public TrainingViewModel training() {
        return training;
    }

    public WorkspaceViewModel workspace() {
        return workspace;
    }

    public Scene scene() {
        return scene;
    }

    /** Stops background work and frees the model. */
    public void close() {
        taskRunner.close();
        if (workspace.modelProperty().get() != null) {
            workspace.modelProperty().get().close();
        }
    }
}

