package org.embeddingstudio.app.bench;

import ai.djl.Device;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.embeddingstudio.app.Workbench;
import org.embeddingstudio.app.demo.DemoWorkspace;
import org.embeddingstudio.app.demo.GermanDemoVocabulary;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.fx.BackgroundTask;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.ModelSource;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.BackgroundPriority;
import org.embeddingstudio.core.engine.NativeMemory;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Prints how responsive the window stays: the time from start to the first frame of a shown window (cold start),
 * and the longest gap between JavaFX pulses while the demo model loads, while an embedding for a
 * 250 000-token vocabulary is added, and while the 'german' embedding trains through the Training panel (target:
 * under 100 ms; work runs on background tasks), with that run's tokens/s.
 *
 * <p>Run: {@code bin/ui-bench} (under Xvfb where there is no display).
 */
public final class UiResponsivenessBench extends Application {
    static final long START = System.nanoTime();
    private long lastPulse;
    private long longestGap;
    private long firstFrame;
    private long longestGapAt;
    private volatile long lastPulseWall;

    public static void main(String[] args) {
        NativeMemory.keepFreedMemory();
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (!Arrays.asList(args).contains("--no-warmup")) {
            EngineWarmupAccess.start(); // as the app's Launcher does
        }
        launch(UiResponsivenessBench.class, args);
    }

    @Override
    public void start(Stage stage) throws Exception {
        Workbench workbench = new Workbench(stage, Device.cpu(),
                Settings.load(Files.createTempDirectory("bench").resolve("settings.json")),
                false);
        stage.show();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (firstFrame == 0) {
                    firstFrame = now;
                    System.out.printf("cold start to a shown window: %.2f s (JVM start excluded)%n",
                            (now - START) / 1e9);
                }
                if (lastPulse != 0 && now - lastPulse > longestGap) {
                    longestGap = now - lastPulse;
                    longestGapAt = System.nanoTime();
                }
                lastPulse = now;
                lastPulseWall = System.nanoTime();
            }
        }.start();
        Path vocabulary = Files.createTempFile("bench-vocab", ".txt");
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; tokens.size() < 250_000; i++) {
            tokens.add("tok" + i);
        }
        Files.write(vocabulary, tokens);
        Thread fxThread = Thread.currentThread();
        Thread.ofPlatform().daemon().start(() -> {
            // Watchdog: when the FX thread misses pulses for 80 ms, show where it is, so a stall can be explained.
            boolean shown = false;
            while (true) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
                long sinceLast = System.nanoTime() - lastPulseWall;
                if (lastPulseWall != 0 && sinceLast > 80_000_000L && !shown
                        && System.getenv("UI_BENCH_TRACE") != null) {
                    shown = true;
                    System.out.println("FX thread stalled " + sinceLast / 1_000_000 + " ms at:");
                    for (StackTraceElement frame : fxThread.getStackTrace()) {
                        System.out.println("    " + frame);
                    }
                    Thread.getAllStackTraces().forEach((thread, frames) -> {
                        if (thread.getName().startsWith("QuantumRenderer")) {
                            System.out.println("  while " + thread.getName() + " is at:");
                            for (StackTraceElement frame : frames) {
                                System.out.println("    " + frame);
                            }
                        }
                    });
                } else if (sinceLast < 20_000_000L) {
                    shown = false;
                }
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                // The window's first frames (CSS, layout and a full software render of every control) are start-up
                // cost, reported apart, so the phases below measure only what loading and adding do to the window.
                while (firstFrame == 0) {
                    Thread.sleep(10);
                }
                Platform.runLater(() -> longestGap = 0);
                Thread.sleep(1000);
                System.out.printf("first second of the shown window: longest gap between pulses %d ms%n",
                        longestGap / 1_000_000);
                phase("opening the demo model (MiniLM)", () -> workbench.workspace().open(new ModelSource.Demo()),
                        () -> !workbench.workspace().embeddings().isEmpty());
                phase("adding an embedding for 250 000 tokens", () -> workbench.workspace().addEmbeddings(
                                new AddEmbeddingsRequest("big", vocabulary, "default", null, OptionalLong.of(1))),
                        () -> workbench.workspace().embeddings().stream().anyMatch(e -> e.name().equals("big")));
                phase("comparing it with 'default' in an Overlap tab (280 000 table rows)",
                        () -> workbench.perform(ActionId.COMPARE_VOCABULARIES),
                        () -> tableRows(workbench) >= 250_000);
                phase("searching the token table with a regular expression",
                        () -> ((TextField) workbench.scene().lookup("#overlap-search")).setText("/^tok12/"),
                        () -> tableRows(workbench) < 20_000);
                training(workbench);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Platform.runLater(() -> {
                    workbench.close();
                    Platform.exit();
                });
            }
        });
    }

    /** Rows the Overlap tab's table shows, or -1 before it exists (read from the bench thread: a snapshot). */
    private static int tableRows(Workbench workbench) {
        Node table = workbench.scene().lookup("#overlap-table");
        return table instanceof TableView<?> view ? view.getItems().size() : -1;
    }

    /** Trains the 'german' demo embedding through the shown Training panel: its curve redraws as steps arrive. */
    private void training(Workbench workbench) throws InterruptedException, IOException {
        var training = workbench.training();
        Platform.runLater(() -> {
            workbench.workspace().setActive("german");
            workbench.scene().getRoot().lookupAll(".stripe-button").stream()
                    .filter(node -> node instanceof ToggleButton b && "Training".equals(b.getText()))
                    .map(ToggleButton.class::cast).findFirst().ifPresent(b -> b.setSelected(true));
            try {
                training.data().dataFileProperty().set(DemoWorkspace.trainingCorpus(
                        GermanDemoVocabulary.userCacheFolder()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            training.form().hyperParameters().steps().set(System.getProperty("bench.training.steps", "20"));
            training.form().hyperParameters().batchSize().set("8");
            training.form().hyperParameters().sequenceLength().set("128");
            training.form().hyperParameters().evaluateEvery().set("0");
            training.form().hyperParameters().checkpointEvery().set("0");
        });
        Thread.sleep(1000);
        // The same run without the panel first, on a background-priority thread as the app's jobs: the yardstick.
        double direct = directTokensPerSecond(workbench, training.form().hyperParameters().parse(),
                training.data().dataFileProperty().get());
        var panelDone = new AtomicBoolean();
        String[] panelThreads = new String[1];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                panelThreads[0] = runningThreads(panelDone);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        phase("training 'german' through the Training panel (batch 8 x 128)", training.run()::start,
                () -> !training.history().runs().isEmpty());
        panelDone.set(true);
        sampler.join();
        System.out.println("running threads sampled during the panel's run: " + panelThreads[0]);
        Thread.sleep(200);
        var run = training.history().runs().get(0);
        double panel = run.outcome() == null ? 0 : run.outcome().tokensPerSecond();
        // Again after it: on a shared machine the load changes within minutes, so the panel's run is bracketed.
        double directAfter = directTokensPerSecond(workbench, training.form().hyperParameters().parse(),
                training.data().dataFileProperty().get());
        System.out.printf("training throughput: through the panel %.0f tokens/s, the same run without UI %.0f tokens/s "
                + "before and %.0f after (panel / mean of those = %.2f)%n", panel, direct, directAfter,
                panel / ((direct + directAfter) / 2));
        // Issue 13 §7: what a researcher's machine gives the app while it trains (target ≤ 1.5 GB).
        String status = Files.readString(Path.of("/proc/self/status"));
        System.out.printf("resident memory: peak %s, now %s; %s%n", statusField(status, "VmHWM"),
                statusField(status, "VmRSS"), NativeMemory.describe());
        cancelling(workbench);
    }

    /** Issue 14: Cancel is acknowledged in the status bar at once; the run then stops after its step in flight. */
    private void cancelling(Workbench workbench) throws InterruptedException {
        var training = workbench.training();
        int runsBefore = training.history().runs().size();
        Platform.runLater(() -> {
            training.form().hyperParameters().steps().set("60");
            training.run().start();
        });
        while (training.run().stepProperty().get() < 2) {
            Thread.sleep(10);
        }
        AtomicLong asked = new AtomicLong();
        Label status = (Label) workbench.scene().lookup("#task-title");
        Platform.runLater(() -> {
            asked.set(System.nanoTime());
            training.run().cancel();
        });
        while (asked.get() == 0 || !status.getText().contains(BackgroundTask.CANCELLING)) {
            Thread.sleep(1);
        }
        long shown = System.nanoTime();
        int step = training.run().stepProperty().get();
        while (training.history().runs().size() == runsBefore) {
            Thread.sleep(5);
        }
        System.out.printf("cancelling a run at step %d: the status bar says \"%s\" after %.1f ms (target < 100 ms); "
                + "the run stopped %.2f s later%n", step, BackgroundTask.CANCELLING, (shown - asked.get()) / 1e6,
                (System.nanoTime() - shown) / 1e9);
    }

    private static String statusField(String status, String name) {
        return status.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 + " MB").orElse("?");
    }

    /** Samples which of this process's threads are running, by nice value and name, while {@code work} runs. */
    private static String runningThreads(AtomicBoolean done) throws InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        while (!done.get()) {
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        if (fields[0].equals("R")) {
                            counts.merge("nice " + fields[16] + " " + name.replaceAll("\\d+", "#"), 1, Integer::sum);
                        }
                    } catch (IOException ignored) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                return "";
            }
            Thread.sleep(50);
        }
        return counts.toString();
    }

    private static double directTokensPerSecond(Workbench workbench, TrainingConfig
            config, Path corpus) throws InterruptedException {
        var model = (AdapterModel) workbench.workspace().modelProperty().get(); // the demo: MiniLM
        double[] result = new double[1];
        var done = new AtomicBoolean();
        String[] threads = new String[1];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                threads[0] = runningThreads(done);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Thread thread = Thread.ofPlatform().start(() -> {
            BackgroundPriority.lowerCurrentThread();
            try {
                model.addAdapter("bench-direct", BottleneckConfig.seqBn());
                model.setActiveHead(HeadRegistry.MASKED_LM);
                model.trainAdapter("bench-direct", true);
                var task = MaskedLmTask.fromTextFile(corpus,
                        model.activeTokenizer().orElseThrow(), config);
                result[0] = new AdapterTrainer<>(model, task, config,
                        TrainingListener.NONE)
                        .train(CancellationToken.none()).tokensPerSecond();
                model.deleteAdapter("bench-direct");
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        thread.join();
        done.set(true);
        sampler.join();
        System.out.println("running threads sampled during the run without UI: " + threads[0]);
        return result[0];
    }

    private void phase(String name, Runnable start, BooleanSupplier done) throws InterruptedException {
        Platform.runLater(() -> {
            longestGap = 0;
            start.run();
        });
        long begin = System.nanoTime();
        while (!done.getAsBoolean()) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // a few more pulses after the result lands
        System.out.printf("%s: %.2f s, longest gap between pulses %d ms (target < 100 ms), ending %.2f s into it%n",
                name, (System.nanoTime() - begin) / 1e9, longestGap / 1_000_000, (longestGapAt - begin) / 1e9);
    }
}
