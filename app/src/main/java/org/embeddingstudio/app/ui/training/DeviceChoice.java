package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.core.engine.Engines;

import java.util.ArrayList;
import java.util.List;

/**
 * The devices training can use and the one to prefer: every CUDA GPU the engine found, then the CPU. A GPU is the
 * default when the CUDA build of PyTorch is loaded and sees one; otherwise the note says which build is loaded, why
 * no GPU is usable and how to get one (the build is fixed when the engine loads, so it takes a restart).
 *
 * @param devices   as DJL names them ("gpu(0)", …, "cpu()"), GPUs first
 * @param preferred the default choice
 * @param note      what the user should know about the choice, or "" when a GPU is used
 */
public record DeviceChoice(List<String> devices, String preferred, String note) {
    static final String HOW_TO_SWITCH = "To train on a GPU, load PyTorch's CUDA natives (README, section \"GPU\": "
            + "PYTORCH_FLAVOR or PYTORCH_LIBRARY_PATH) and restart Embedding Studio: the native build is fixed when "
            + "the engine loads.";

    public static DeviceChoice of(Engines.EngineInfo engine) {
        List<String> gpus = engine.devices().stream().filter(d -> d.startsWith("gpu")).toList();
        List<String> devices = new ArrayList<>(gpus);
        devices.add("cpu()");
        boolean cudaBuild = engine.flavor().startsWith("cu");
        String loaded = engine.engine() + " " + engine.version() + " (" + engine.flavor() + " natives)";
        if (!gpus.isEmpty()) {
            return new DeviceChoice(List.copyOf(devices), gpus.get(0), "");
        }
        String why = cudaBuild ? loaded + " is loaded, but it found no GPU: no CUDA driver, or no NVIDIA GPU."
                : loaded + " is loaded: the CPU build cannot use a GPU.";
        return new DeviceChoice(List.copyOf(devices), "cpu()", why + " Training runs on the CPU. " + HOW_TO_SWITCH);
    }
}
