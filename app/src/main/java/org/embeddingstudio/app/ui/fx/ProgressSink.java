package org.embeddingstudio.app.ui.fx;

/** Where a background job reports how far it is. Safe to call from any thread. */
public interface ProgressSink {
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void progress(double done, double total) {
        }

        @Override
        public void message(String message) {
        }
    };

    /** Determinate progress; a negative total means "unknown". */
    void progress(double done, double total);

    void message(String message);
}
