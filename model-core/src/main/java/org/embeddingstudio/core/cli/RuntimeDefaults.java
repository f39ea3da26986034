package org.embeddingstudio.core.cli;

/**
 * System properties the command sets before the PyTorch engine or any logger is created; a value the user set
 * ({@code -Dname=value}) is always kept.
 */
final class RuntimeDefaults {
    static final String DJL_OFFLINE = "ai.djl.offline";
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String CUDA_LOG_LEVEL = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    private RuntimeDefaults() {
    }

    static void apply(boolean verbose) {
        // The CPU natives ship on the classpath; a command must never stop to download an engine.
        setIfAbsent(DJL_OFFLINE, "true");
        // DJL reports engine loading at INFO, which would drown a script's output.
        setIfAbsent(LOG_LEVEL, verbose ? "info" : "warn");
        // On a machine with a CUDA library but no usable GPU, DJL warns at every start; the CLI runs on the CPU.
        setIfAbsent(CUDA_LOG_LEVEL, verbose ? "info" : "error");
    }

    static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
