package org.embeddingstudio.app;

import ai.djl.engine.Engine;
import org.embeddingstudio.core.engine.BackgroundPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads PyTorch's native libraries on a thread of their own while JavaFX starts. Loading them (hundreds of MB mapped
 * and relocated) stalls the whole process for a moment; done while the window is still being built it costs no
 * visible frame, where done later, while the window animates progress, it froze the UI for ~200 ms.
 */
final class EngineWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(EngineWarmup.class);

    private EngineWarmup() {
    }

    static void start() {
        Thread.ofPlatform().name("engine-warmup").daemon().start(() -> {
            // Threads the engine starts here inherit the background priority (see BackgroundPriority).
            BackgroundPriority.lowerCurrentThread();
            long begin = System.nanoTime();
            try {
                Engine.getEngine("PyTorch");
                LOG.info("PyTorch loaded in {} ms", (System.nanoTime() - begin) / 1_000_000);
            } catch (RuntimeException e) {
                // Opening a model reports the same failure with its context; here it would only be noise.
                LOG.warn("PyTorch could not be loaded in advance", e);
            }
        });
    }
}
