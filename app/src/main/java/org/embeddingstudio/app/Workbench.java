package org.embeddingstudio.app;

import ai.djl.Device;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.embeddingstudio.app.demo.DemoWorkspace;
import org.embeddingstudio.app.demo.GermanDemoVocabulary;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.embeddings.AdaptersViewModel;
import org.embeddingstudio.app.ui.embeddings.EmbeddingsViewModel;
import org.embeddingstudio.app.ui.embeddings.ModelTreeView;
import org.embeddingstudio.app.ui.eventlog.EventLogView;
import org.embeddingstudio.app.ui.fx.BackgroundTasks;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.FxTaskRunner;
import org.embeddingstudio.app.ui.properties.PropertiesView;
import org.embeddingstudio.app.ui.properties.PropertiesViewModel;
import org.embeddingstudio.app.ui.shell.FxDialogService;
import org.embeddingstudio.app.ui.shell.FxNotifier;
import org.embeddingstudio.app.ui.shell.MainWindow;
import org.embeddingstudio.app.ui.shell.StatusBarView;
import org.embeddingstudio.app.ui.shell.StatusBarViewModel;
import org.embeddingstudio.app.ui.shell.ToolWindow;
import org.embeddingstudio.app.ui.shell.ToolWindowsViewModel;
import org.embeddingstudio.app.ui.tokenize.TokenizeView;
import org.embeddingstudio.app.ui.tokenize.TokenizeViewModel;
import org.embeddingstudio.app.ui.training.TrainingView;
import org.embeddingstudio.app.ui.training.TrainingViewModel;
import org.embeddingstudio.app.ui.tryit.TryItView;
import org.embeddingstudio.app.ui.tryit.TryItViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.EventLog;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.app.workbench.ActionContext;
import org.embeddingstudio.app.workbench.AdapterActions;
import org.embeddingstudio.app.workbench.AnalysisActions;
import org.embeddingstudio.app.workbench.EditorTabs;
import org.embeddingstudio.app.workbench.EmbeddingActions;
import org.embeddingstudio.app.workbench.RecentWorkspaces;
import org.embeddingstudio.app.workbench.SettingsActions;
import org.embeddingstudio.app.workbench.ThemeController;
import org.embeddingstudio.app.workbench.WindowActions;
import org.embeddingstudio.app.workbench.WindowTitle;
import org.embeddingstudio.app.workbench.WorkspaceActions;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The composition root: builds every view model and view once and wires them; no logic of its own. Each feature's
 * actions are registered by their own class in {@code app.workbench}. The app and the UI tests both build their
 * window here.
 */
public final class Workbench {
    private static final Logger LOG = LoggerFactory.getLogger(Workbench.class);
    // A training step of a bert-base-sized model takes about 10 s on 2 cores; jobs check for cancel between steps.
    private static final Duration JOBS_STOP_WITHIN = Duration.ofSeconds(30);
    private final ActionFactory actions = new ActionFactory();
    private final FxTaskRunner taskRunner;
    private final WorkspaceViewModel workspace;
    private final TrainingViewModel training;
    private final WorkspaceActions workspaceActions;
    private final Scene scene;
    private final Runnable rememberLayout;
    private final Settings settings;

    /**
     * @param systemPrefersDark what the desktop prefers, for the "system" theme (asked off the FX thread)
     */
    public Workbench(Stage stage, Device device, Settings settings, boolean systemPrefersDark) {
        this(stage, () -> device, settings, systemPrefersDark, new FxDialogService(() -> stage));
    }

    /** @param device where models open, asked at each open off the FX thread (the app: GPU when PyTorch sees one) */
    public Workbench(Stage stage, Supplier<Device> device, Settings settings, boolean systemPrefersDark) {
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

    private Workbench(Stage stage, Supplier<Device> device, Settings settings, boolean systemPrefersDark,
                      DialogService dialogs) {
        this.settings = settings;
        ThemeController theme = new ThemeController(settings, systemPrefersDark);
        theme.applyStartTheme();
        BackgroundTasks backgroundTasks = new BackgroundTasks();
        // One Event Log: the workspace writes to it, and failures no view model handles itself reach it too.
        EventLog eventLog = new EventLog(new FxNotifier(() -> stage));
        taskRunner = new FxTaskRunner(backgroundTasks, eventLog);
        workspace = new WorkspaceViewModel(taskRunner, eventLog, FxBridge.toFxThread(), device);
        BooleanBinding busy = backgroundTasks.busyBinding();
        EmbeddingsViewModel embeddings = new EmbeddingsViewModel(workspace, dialogs, busy);
        training = new TrainingViewModel(workspace, taskRunner, FxBridge.toFxThread(), dialogs, this::runsFolder);
        suggestDemoTrainingData();

        ActionContext context = ActionContext.of(stage, dialogs, workspace, taskRunner, busy);
        EditorTabs editor = new EditorTabs(workspace);
        workspaceActions = new WorkspaceActions(context);
        workspaceActions.register(actions);
        new EmbeddingActions(context, embeddings).register(actions);
        new AdapterActions(context).register(actions);
        new AnalysisActions(context, editor).register(actions);
        theme.register(actions);
        new SettingsActions(settings, theme, () -> stage).register(actions);
        new WindowActions(context, training).register(actions);

        ToolWindowsViewModel toolWindows = new ToolWindowsViewModel();
        List<ToolWindow> windows = toolWindows(embeddings, dialogs);
        // The editor, the tree, properties and the log at first; the rest a keystroke away.
        Set<String> shownAtStart = Set.of("model", "properties", "event-log");
        windows.forEach(w -> toolWindows.register(w.id(), w.side(), shownAtStart.contains(w.id()), w.share()));
        actions.register(ActionId.HIDE_ALL_TOOL_WINDOWS, toolWindows::hideAllOrRestore, null);
        settings.windowLayout().ifPresent(layout -> toolWindows.restore(new ToolWindowsViewModel.ToolWindowsLayout(
                Set.copyOf(layout.shownToolWindows()), layout.shares())));
        // As IntelliJ does: the next start opens with the tool windows and sizes the user left.
        rememberLayout = () -> {
            ToolWindowsViewModel.ToolWindowsLayout layout = toolWindows.layout();
            settings.setWindowLayout(new Settings.WindowLayout(List.copyOf(layout.shown()), layout.shares()));
        };
        StatusBarViewModel statusBar = new StatusBarViewModel(backgroundTasks, workspace.engineProperty());
        RecentWorkspaces recent = new RecentWorkspaces(settings, workspace, this::openWorkspace);
        MainWindow window = new MainWindow(actions, windows, toolWindows, editor.pane(), new StatusBarView(statusBar),
                recent.menu());
        scene = new Scene(window, 1280, 800);
        scene.getStylesheets().add(getClass().getResource("/org/embeddingstudio/app/studio.css").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(WindowTitle.of(workspace));
    }

    private List<ToolWindow> toolWindows(EmbeddingsViewModel embeddings, DialogService dialogs) {
        PropertiesViewModel properties = new PropertiesViewModel();
        embeddings.selectedProperty().addListener((o, a, selected) ->
                properties.show(workspace.modelProperty().get(), selected));
        workspace.modelProperty().addListener((o, a, model) -> properties.show(model, null));
        // Switching the active embedding or training one changes what the model's properties show.
        workspace.activeEmbeddingProperty().addListener((o, a, active) -> {
            if (embeddings.selectedProperty().get() == null) {
                properties.show(workspace.modelProperty().get(), null);
            }
        });
        // Shares of the window: the tree wide enough for a decoder's "3,008 × 128 (in + out)"; the log at IntelliJ's
        // third of the height, Try It and Tokenize (token chips over several lines) a little more; Training, with its
        // form, curve and results, at more than half.
        return List.of(
                new ToolWindow("model", "Model", Material2AL.ACCOUNT_TREE, ToolWindow.Side.LEFT, 1,
                        new ModelTreeView(workspace, embeddings, new AdaptersViewModel(workspace, dialogs)), 0.26),
                new ToolWindow("properties", "Properties", Material2AL.INFO, ToolWindow.Side.RIGHT, 2,
                        new PropertiesView(properties), 0.22),
                new ToolWindow("event-log", "Event Log", Material2AL.EVENT_NOTE, ToolWindow.Side.BOTTOM, 3,
                        new EventLogView(workspace.log()), 0.33),
                new ToolWindow("try-it", "Try It", Material2AL.CHAT, ToolWindow.Side.BOTTOM, 4,
                        new TryItView(new TryItViewModel(workspace, taskRunner)), 0.4),
                new ToolWindow("training", "Training", Material2MZ.SHOW_CHART, ToolWindow.Side.BOTTOM, 5,
                        new TrainingView(training), 0.6),
                new ToolWindow("tokenize", "Tokenize", Material2MZ.TEXT_FIELDS, ToolWindow.Side.BOTTOM, 6,
                        new TokenizeView(new TokenizeViewModel(workspace)), 0.4));
    }

    /** The German demo comes with a corpus: the Training window suggests it, so a first run needs no file. */
    private void suggestDemoTrainingData() {
        workspace.modelProperty().addListener((o, a, model) -> {
            if (model != null && model.embeddingNames().contains(DemoWorkspace.GERMAN)) {
                try {
                    training.data().suggestData(DemoWorkspace.trainingCorpus(GermanDemoVocabulary.userCacheFolder()),
                            DemoWorkspace.GERMAN);
                } catch (IOException e) {
                    LOG.warn("no demo training corpus", e);
                }
            }
        });
    }

    /**
     * What a start opens: the workspace file the app was given (the installers' *.esw association) or a Hugging Face
     * model folder, else the workspace open when the app last closed (unless Settings turned that off), else the
     * built-in demo.
     */
    public void openAtStart(List<String> files) {
        if (!files.isEmpty()) {
            Path given = Path.of(files.get(0));
            if (Files.isDirectory(given)) {
                workspace.open(new ModelSource.Folder(given)); // a Hugging Face model folder
            } else {
                workspace.openWorkspace(given);
            }
        } else {
            settings.workspaceToReopen().ifPresentOrElse(workspace::openWorkspace,
                    () -> workspace.open(new ModelSource.Demo()));
        }
    }

    /** Opens a workspace file in place of the current workspace, asking about its unsaved changes first. */
    public void openWorkspace(Path file) {
        workspaceActions.openWorkspace(file);
    }

    /** Runs an action as its menu item would (for benchmarks and scripted use). */
    public void perform(ActionId id) {
        actions.perform(id);
    }

    /** Checkpoints of runs in a workspace not saved yet. */
    private Path runsFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"), "embedding-studio-runs");
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

    /**
     * Remembers the window's layout and the workspace open (none for the demo or an unsaved model) for the next
     * start, stops background work and frees the model.
     */
    public void close() {
        rememberLayout.run();
        settings.setLastWorkspace(workspace.workspaceFileProperty().get());
        boolean stopped;
        try {
            stopped = taskRunner.stopAll(JOBS_STOP_WITHIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (!stopped) {
            // The process ends anyway; its memory goes with it. Freeing the model under a running job would crash.
            LOG.warn("a background job did not stop within {} s; the model is left to the process's exit",
                    JOBS_STOP_WITHIN.toSeconds());
            return;
        }
        if (workspace.modelProperty().get() != null) {
            workspace.modelProperty().get().close();
        }
    }
}
