package org.embeddingstudio.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which PyTorch native build DJL loaded, for the app's "About" view and every benchmark's header. */
public final class Engines {
    private Engines() {
    }

    /**
     * @param engine        DJL engine name ("PyTorch")
     * @param version       libtorch version
     * @param flavor        "cpu", "cu124", … as the native library's folder names it
     * @param library       the loaded libtorch folder
     * @param devices       devices the engine can use (always includes the CPU)
     * @param requestedFlavor  {@code PYTORCH_FLAVOR} as set (env or system property), or "" when DJL chose
     * @param requestedLibrary {@code PYTORCH_LIBRARY_PATH} as set, or ""
     * @param threads       intra-op threads as {@code ai.djl.pytorch.num_interop_threads}/OMP settings leave them
     */
    public record EngineInfo(String engine, String version, String flavor, String library, List<String> devices,
                             String requestedFlavor, String requestedLibrary, int threads) {
        public String describe() {
            return String.format(Locale.ROOT, "engine: %s %s (%s) from %s; devices %s; %d cores%s%s", engine,
                    version, flavor, library, devices, threads,
                    requestedFlavor.isEmpty() ? "" : "; PYTORCH_FLAVOR=" + requestedFlavor,
                    requestedLibrary.isEmpty() ? "" : "; PYTORCH_LIBRARY_PATH=" + requestedLibrary);
        }
    }

    /** Loads the PyTorch engine if needed and describes it. */
    public static EngineInfo pytorch() {
        Engine engine = Engine.getEngine("PyTorch");
        String library = LibUtils.getLibtorchPath();
        List<String> devices = new ArrayList<>();
        devices.add(Device.cpu().toString());
        for (int i = 0; i < engine.getGpuCount(); i++) {
            devices.add(Device.gpu(i).toString());
        }
        return new EngineInfo(engine.getEngineName(), engine.getVersion(), flavorOf(library), library,
                List.copyOf(devices), Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR", ""),
                Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH", ""),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Where models should open: the first GPU when the loaded PyTorch build sees one (the CUDA natives with a driver
     * and an NVIDIA GPU), else the CPU. Loads the engine if needed.
     */
    public static Device preferredDevice() {
        return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }

    /**
     * DJL keeps each build in a folder named VERSION[-BUILD]-FLAVOR-OS-ARCH, e.g.
     * {@code 2.7.1-20250812-cpu-linux-x86_64} or {@code 2.7.1-cu124-linux-x86_64}: the flavour is the part naming a
     * device kind.
     */
    static String flavorOf(String library) {
        if (library == null || library.isEmpty()) {
            return "unknown";
        }
        Path folder = Path.of(library).getFileName();
        for (String part : folder == null ? new String[0] : folder.toString().split("-")) {
            if (part.equals("cpu") || part.matches("cu\\d+") || part.startsWith("rocm") || part.equals("precxx11")) {
                return part;
            }
        }
        return "unknown";
    }
}
