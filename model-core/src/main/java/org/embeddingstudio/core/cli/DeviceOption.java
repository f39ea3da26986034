package org.embeddingstudio.core.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.embeddingstudio.core.engine.Engines;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code --device cpu|gpu|gpu:N}, shared by every command that runs the model. A GPU needs a CUDA build of PyTorch,
 * which is chosen when the engine loads (README, "GPU"); asking for one without it is an error that says so.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu (default), gpu or gpu:N. A GPU needs PyTorch's CUDA build (see the README).")
    String device;

    Device resolve() {
        String value = device.strip().toLowerCase(Locale.ROOT);
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        if (!value.matches("gpu(:\\d+)?")) {
            throw new InputException("--device '" + device + "' is not cpu, gpu or gpu:N");
        }
        int index = value.contains(":") ? Integer.parseInt(value.substring(4)) : 0;
        int available = Engine.getEngine("PyTorch").getGpuCount();
        if (index >= available) {
            throw new InputException("--device " + value + ": PyTorch sees " + available + " GPU(s) with the build "
                    + "loaded now (" + Engines.pytorch().flavor() + "); a GPU needs the CUDA build: start with "
                    + "PYTORCH_FLAVOR set and -Dai.djl.offline=false, or PYTORCH_LIBRARY_PATH (README, \"GPU\")");
        }
        return Device.gpu(index);
    }
}
