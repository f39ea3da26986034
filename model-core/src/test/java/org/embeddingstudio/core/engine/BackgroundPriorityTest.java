package org.embeddingstudio.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class BackgroundPriorityTest {

    @Test
    void loweredThreadRunsNicedAndOnlyThatThread() throws Exception {
        int callerNiceBefore = niceFromProc();
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                boolean lowered = BackgroundPriority.lowerCurrentThread();
                seen.complete(new int[] {lowered ? 1 : 0, niceFromProc()});
            } catch (IOException | RuntimeException e) {
                seen.completeExceptionally(e);
            }
        });
        int[] result = seen.get();
        assertEquals(1, result[0], "lowering a thread's own priority needs no privilege on Linux");
        assertEquals(BackgroundPriority.NICE, result[1], "the kernel's view of the thread");
        assertEquals(callerNiceBefore, niceFromProc(), "other threads keep their priority");
    }

    @Test
    void threadsStartedByALoweredThreadInheritItsPriority() throws Exception {
        // PyTorch's OpenMP workers are started by the first thread that runs a parallel operation: that they inherit
        // the nice value is what keeps all of a background job's compute threads below the UI.
        AtomicInteger childNice = new AtomicInteger(Integer.MIN_VALUE);
        Thread parent = Thread.ofPlatform().start(() -> {
            BackgroundPriority.lowerCurrentThread();
            Thread child = Thread.ofPlatform().start(() -> childNice.set(BackgroundPriority.currentThreadNice()));
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        parent.join();
        assertEquals(BackgroundPriority.NICE, childNice.get());
    }

    @Test
    void loweringTwiceKeepsTheThreadAtBackgroundPriority() throws Exception {
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            boolean first = BackgroundPriority.lowerCurrentThread();
            boolean second = BackgroundPriority.lowerCurrentThread();
            seen.complete(new int[] {first ? 1 : 0, second ? 1 : 0, BackgroundPriority.currentThreadNice()});
        });
        int[] result = seen.get();
        assertTrue(result[0] == 1 && result[1] == 1, "both calls report background priority");
        assertEquals(BackgroundPriority.NICE, result[2]);
    }

    /** Field 19 of /proc/thread-self/stat: the nice value, read independently of the class under test. */
    private static int niceFromProc() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[16]); // fields 3.. follow the name: field 19 is index 16
    }
}
