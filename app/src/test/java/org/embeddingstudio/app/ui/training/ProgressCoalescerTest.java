package org.embeddingstudio.app.ui.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressCoalescerTest {
    @Test
    void stepsArriveInAtMostOneBatchPerIntervalAndNoneIsLost() {
        AtomicLong now = new AtomicLong(0);
        List<Runnable> uiQueue = new ArrayList<>();
        List<List<Integer>> batches = new ArrayList<>();
        ProgressCoalescer<Integer> coalescer = new ProgressCoalescer<>(uiQueue::add, batches::add, 100, now::get);
        for (int step = 1; step <= 1000; step++) {
            now.set(step); // 1000 steps in 1000 ns: ten intervals
            coalescer.add(step);
            assertEquals(true, uiQueue.size() <= 1, "never more than one update waits for the UI thread");
            if (step == 1) {
                assertEquals(1, uiQueue.size(), "the first step is sent at once");
            }
            if (step % 7 == 0) { // the UI thread gets round to its queue now and then
                uiQueue.forEach(Runnable::run);
                uiQueue.clear();
            }
        }
        uiQueue.forEach(Runnable::run);
        coalescer.flush();
        assertEquals(1000, batches.stream().mapToInt(List::size).sum());
        assertEquals(true, batches.size() <= 12, batches.size() + " batches for ten intervals");
        List<Integer> all = batches.stream().flatMap(List::stream).toList();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i));
        }
    }
}
