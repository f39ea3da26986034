package org.embeddingstudio.app.bench;

import org.embeddingstudio.app.Launcher;

/** Lets the benchmark start the app's engine warm-up exactly as the Launcher does. */
final class EngineWarmupAccess {
    private EngineWarmupAccess() {
    }

    static void start() {
        Launcher.warmUpEngine();
    }
}
