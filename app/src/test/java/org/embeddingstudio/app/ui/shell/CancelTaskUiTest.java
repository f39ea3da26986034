package org.embeddingstudio.app.ui.shell;

import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.fx.BackgroundTasks;
import org.embeddingstudio.app.ui.fx.CutOffText;
import org.embeddingstudio.app.ui.fx.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long task shows in the status bar with its progress, and its Cancel button stops it between steps. */
@ExtendWith(ApplicationExtension.class)
class CancelTaskUiTest {
    final BackgroundTasks tasks = new BackgroundTasks();
    final FxTaskRunner runner = new FxTaskRunner(tasks);

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StatusBarView(new StatusBarViewModel(tasks, new SimpleStringProperty("cpu"))),
                600, 40));
        stage.show();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void aLongTaskLineLeavesTheMemoryAndDeviceWholeAndIsReadInItsTooltip(FxRobot robot) throws Exception {
        String title = "Training adapter 'adapter' on 'german'… · Step 47 / 100 · loss 6.5193 (smoothed 6.6876) · "
                + "lr 6.00e-05 · 1,934 tokens/s · ETA 0:28";
        CountDownLatch finish = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run(title, (progress, cancellation) -> {
            progress.progress(47, 100);
            finish.await(10, TimeUnit.SECONDS);
            return 0;
        }, done -> { }, error -> { })).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#cancel-task").query().isVisible());

        Node bar = robot.lookup("#status-bar").query();
        List<String> cut = WaitForAsyncUtils.asyncFx(() -> CutOffText.under(bar)).get(5, TimeUnit.SECONDS);
        // Read while the task still runs: once it ends the line empties and its tooltip goes with it.
        String tooltip = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#task-title").queryLabeled().getTooltip())
                .get(5, TimeUnit.SECONDS).getText();
        finish.countDown();
        assertEquals(List.of(), cut, "the memory and the device keep their text; the task line has its tooltip");
        assertTrue(tooltip.startsWith(title), tooltip);
    }

    @Test
    void cancelStopsALongTaskBetweenStepsAndReportsIt(FxRobot robot) throws Exception {
        AtomicInteger steps = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> runner.run("Counting…", (progress, cancellation) -> {
            for (int step = 0; step < 100_000; step++) {
                if (cancellation.isCancelled()) {
                    throw new CancellationException("cancelled at step " + step);
                }
                progress.progress(step, 100_000);
                steps.incrementAndGet();
                Thread.sleep(5);
            }
            return steps.get();
        }, done -> { }, failure::set)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> steps.get() > 10 && robot.lookup("#cancel-task")
                .query().isVisible());
        assertTrue(robot.lookup("#task-title").queryLabeled().getText().startsWith("Counting…"));
        robot.clickOn("#cancel-task");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> failure.get() != null);
        assertInstanceOf(CancellationException.class, failure.get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, tasks.running().size());
        int stoppedAt = steps.get();
        Thread.sleep(100);
        assertEquals(stoppedAt, steps.get(), "no step runs after the cancel");
    }

    /** Closing the window waits for running jobs to stop before the model they compute on is freed. */
    @Test
    void stopAllCancelsRunningJobsAndWaitsUntilTheyHaveEnded() throws Exception {
        AtomicReference<String> ended = new AtomicReference<>("running");
        CountDownLatch started = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run("Training…", (progress, cancellation) -> {
            started.countDown();
            while (!cancellation.isCancelled()) {
                Thread.sleep(5);
            }
            Thread.sleep(300); // writing the checkpoint
            ended.set("stopped");
            throw new CancellationException("cancelled");
        }, done -> { }, error -> { })).get(5, TimeUnit.SECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertTrue(runner.stopAll(Duration.ofSeconds(10)), "the job ends when asked");
        assertEquals("stopped", ended.get(), "stopAll returns only after the job has ended");
    }

    @Test
    void stopAllSaysSoWhenAJobDoesNotEndInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> runner.run("Stuck…", (progress, cancellation) -> {
            release.await(10, TimeUnit.SECONDS); // does not look at cancellation
            return 0;
        }, done -> { }, error -> { })).get(5, TimeUnit.SECONDS);

        assertFalse(runner.stopAll(Duration.ofMillis(200)), "still running after the wait");
        release.countDown();
    }
}
