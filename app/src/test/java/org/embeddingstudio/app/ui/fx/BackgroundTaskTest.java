package org.embeddingstudio.app.ui.fx;

import javafx.beans.property.SimpleStringProperty;
import org.embeddingstudio.app.ui.shell.StatusBarViewModel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status bar's view of a job: Cancel is acknowledged at once, not when the job next checks. */
class BackgroundTaskTest {
    @Test
    void cancelSaysCancellingAtOnceAndTheJobsLaterProgressDoesNotHideIt() {
        AtomicInteger asked = new AtomicInteger();
        BackgroundTask task = new BackgroundTask("Training adapter 'a' on 'german'…", asked::incrementAndGet);
        task.update(0.2, "Step 13 / 60");

        task.cancel();

        assertEquals(1, asked.get(), "the job is asked to stop");
        assertTrue(task.isCancelling());
        assertEquals("Cancelling…", task.messageProperty().get());
        task.update(0.25, "Step 14 / 60"); // the step in flight ends after Cancel
        assertEquals("Cancelling…", task.messageProperty().get());
        assertEquals(0.25, task.progressProperty().get(), "progress still moves");
    }

    @Test
    void theStatusBarShowsCancellingBesideTheTitle() {
        BackgroundTasks tasks = new BackgroundTasks();
        BackgroundTask task = new BackgroundTask("Comparing", () -> { });
        tasks.add(task);
        var statusBar = new StatusBarViewModel(tasks, new SimpleStringProperty("cpu()"));
        task.update(0.5, "half way");
        assertEquals("Comparing · half way", statusBar.taskTitleBinding().get());

        statusBar.cancelTask();

        assertEquals("Comparing · Cancelling…", statusBar.taskTitleBinding().get());
    }
}
