package org.embeddingstudio.app.bench;

/** Lets the benchmark start the app's engine warm-up exactly as the Launcher does. */
final class EngineWarmupAccess {
    private EngineWarmupAccess() {
    }

    static void start() {
        org.embeddingstudio.app.Launcher.warmUpEngine();
    }
}
