package org.embeddingstudio.app.ui.fx;

import javafx.application.Platform;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns core listeners, called on whatever thread did the work, into calls on the UI thread. The only place the
 * app hands work to the FX thread besides {@link FxTaskRunner}; tests pass a direct executor.
 */
public final class FxBridge {
    private final Executor uiThread;

    /** @param uiThread {@code Platform::runLater} in the app, {@code Runnable::run} in tests */
    public FxBridge(Executor uiThread) {
        this.uiThread = uiThread;
    }

    /** The app's bridge: delivers on the JavaFX application thread. */
    public static FxBridge toFxThread() {
        return new FxBridge(Platform::runLater);
    }

    /** A consumer that delivers each value on the UI thread. */
    public <T> Consumer<T> onUiThread(Consumer<T> consumer) {
        return value -> uiThread.execute(() -> consumer.accept(value));
    }
}
