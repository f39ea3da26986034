package org.embeddingstudio.app;

import javafx.application.Application;
import org.embeddingstudio.core.engine.NativeAllocator;
import org.embeddingstudio.core.engine.NativeMemory;

/**
 * Entry point. A main class that is not itself an {@link Application} lets the app start from a plain classpath,
 * where JavaFX refuses to launch an Application subclass as the main class.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // Before PyTorch loads: keep freed native memory for reuse instead of paying first-touch again each step.
        NativeAllocator.relaunchUnderTcmalloc(Launcher.class);
        NativeMemory.keepFreedMemory();
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        warmUpEngine();
        Application.launch(EmbeddingStudioApp.class, args);
    }

    /** Starts loading PyTorch in parallel with JavaFX (see {@link EngineWarmup}). */
    public static void warmUpEngine() {
        EngineWarmup.start();
    }
}
