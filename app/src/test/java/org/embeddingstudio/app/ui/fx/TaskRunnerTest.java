package org.embeddingstudio.app.ui.fx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskRunnerTest {
    private final List<String> told = new ArrayList<>();
    private final List<String> callbacks = new ArrayList<>();
    private final TaskRunner tasks = new ImmediateTaskRunner(new FailureRoute() {
        @Override
        public void failed(String title, Throwable error) {
            told.add("failed: " + title + ": " + error.getMessage());
        }

        @Override
        public void cancelled(String what) {
            told.add("cancelled: " + what);
        }
    });

    @Test
    void aFailureTheCallerLeavesToTheRunnerIsToldOnceUnderTheTasksTitle() {
        tasks.run("Comparing vocabularies…", (progress, cancellation) -> {
            throw new IOException("vocab.txt is empty");
        }, value -> callbacks.add("succeeded"), () -> callbacks.add("cancelled"), () -> callbacks.add("failed"));

        assertEquals(List.of("failed: Comparing vocabularies failed: vocab.txt is empty"), told);
        assertEquals(List.of("failed"), callbacks);
    }

    @Test
    void aCancellationIsNoFailureAndReachesItsOwnCallback() {
        tasks.run("Measuring corpus coverage…", (progress, cancellation) -> {
            throw new CancellationException("measuring corpus coverage");
        }, value -> callbacks.add("succeeded"), () -> callbacks.add("cancelled"), () -> callbacks.add("failed"));

        assertEquals(List.of("cancelled: measuring corpus coverage"), told);
        assertEquals(List.of("cancelled"), callbacks);
    }

    @Test
    void aCallerThatHandlesFailuresItselfGetsThemAndTheRouteStaysQuiet() {
        tasks.run("Previewing rows…", (progress, cancellation) -> {
            throw new IOException("no tokenizer");
        }, value -> callbacks.add("succeeded"), error -> callbacks.add("own: " + error.getMessage()));

        assertEquals(List.of("own: no tokenizer"), callbacks);
        assertEquals(List.of(), told);
    }
}
