package org.embeddingstudio.app.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import org.embeddingstudio.app.ui.fx.BackgroundTask;
import org.embeddingstudio.app.ui.fx.BackgroundTasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The status bar: device, memory, and the running task with its progress and cancel. */
public final class StatusBarViewModel {
    private final BackgroundTasks tasks;
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper("");
    private final StringBinding taskTitle;
    private final DoubleBinding taskProgress;

    /** @param engine the engine and device in use, as the workspace reports it */
    public StatusBarViewModel(BackgroundTasks tasks, ObservableStringValue engine) {
        this.tasks = tasks;
        device.bind(engine);
        taskTitle = Bindings.createStringBinding(() -> current().map(t -> t.title()
                + (t.messageProperty().get().isEmpty() ? "" : " · " + t.messageProperty().get())).orElse(""),
                tasks.running());
        taskProgress = Bindings.createDoubleBinding(() -> current().map(t -> t.progressProperty().get()).orElse(0.0),
                tasks.running());
        refreshMemory();
    }

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public StringBinding taskTitleBinding() {
        return taskTitle;
    }

    public DoubleBinding taskProgressBinding() {
        return taskProgress;
    }

    public ObservableBooleanValue busy() {
        return tasks.busyBinding();
    }

    /** Cancels the newest running task. */
    public void cancelTask() {
        current().ifPresent(BackgroundTask::cancel);
    }

    /** Re-reads memory use: the JVM heap and the process's resident memory (native tensors live outside the heap). */
    public void refreshMemory() {
        Runtime runtime = Runtime.getRuntime();
        long heap = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        String resident = residentMegabytes().map(mb -> String.format(" · process %,d MB", mb)).orElse("");
        memory.set(String.format("Heap %,d of %,d MB%s", heap, runtime.maxMemory() >> 20, resident));
    }

    private Optional<BackgroundTask> current() {
        return tasks.running().isEmpty() ? Optional.empty()
                : Optional.of(tasks.running().get(tasks.running().size() - 1));
    }

    private static Optional<Long> residentMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) >> 10)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
