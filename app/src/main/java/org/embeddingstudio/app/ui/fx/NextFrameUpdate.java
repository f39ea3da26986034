package org.embeddingstudio.app.ui.fx;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A view update that runs a couple of frames later instead of in the current one, once however often it was asked
 * for in between; pending updates of all views run one per frame.
 *
 * <p>Why: when a model opens, every view fills at once (tree, event log, property editors), and building all their
 * cells and skins in one pulse kept the window from drawing for over 100 ms on 2 cores. The views the user acts on
 * first update at once; secondary ones (property sheet, event-log scrolling) are spread over the following frames,
 * a delay of a few tens of milliseconds nobody can see, and no frame grows long.
 */
public final class NextFrameUpdate {
    /** Frames between a request and its update: the first carries the layout of whatever changed with it. */
    private static final int FRAMES_LATER = 2;
    private static final Deque<NextFrameUpdate> QUEUE = new ArrayDeque<>();
    private static long frames;
    private static final AnimationTimer SCHEDULER = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frames++;
            NextFrameUpdate next = QUEUE.peek();
            if (next == null) {
                stop();
            } else if (frames - next.requestedAtFrame >= FRAMES_LATER) {
                QUEUE.poll();
                // handle() runs at the start of a pulse; runLater from here runs after that pulse has been drawn.
                Platform.runLater(next::run);
            }
        }
    };

    private final Runnable update;
    private boolean pending;
    private long requestedAtFrame;

    public NextFrameUpdate(Runnable update) {
        this.update = update;
    }

    /** Asks for the update (on the FX thread); repeated requests before it runs coalesce into one. */
    public void request() {
        if (pending) {
            return;
        }
        pending = true;
        requestedAtFrame = frames;
        QUEUE.add(this);
        SCHEDULER.start();
    }

    private void run() {
        pending = false;
        update.run();
    }
}
