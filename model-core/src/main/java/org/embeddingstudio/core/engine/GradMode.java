package org.embeddingstudio.core.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode, which DJL's engine-neutral API does not expose.
 *
 * <p>Why: grad mode is per thread in PyTorch and on by default; DJL turns it off only on the thread that loaded the
 * engine, and a gradient collector restores what it found. On any other thread (an app's background job) an
 * optimizer's in-place updates of leaves that require gradients would then be refused.
 */
public final class GradMode {
    private GradMode() {
    }

    /** Whether autograd records operations on the calling thread (inside a gradient collector, it does). */
    public static boolean isOn() {
        return JniUtils.isGradMode();
    }

    /** Turns grad mode off on the calling thread; closing the result, on the same thread, restores what it was. */
    public static Suspension off() {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return () -> JniUtils.setGradMode(before);
    }

    /** Grad mode switched off by {@link #off()}, until closed. */
    @FunctionalInterface
    public interface Suspension extends AutoCloseable {
        @Override
        void close();
    }
}
