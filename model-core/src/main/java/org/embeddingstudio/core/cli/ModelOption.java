package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.model.AdapterModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model DIR} and {@code --device}: the model every model-running command opens, on the chosen device. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder.")
    Path folder;

    @Mixin
    DeviceOption device = new DeviceOption();

    AdapterModel open() throws IOException {
        return Inputs.model(folder, device.resolve());
    }

    @Override
    public String toString() {
        return String.valueOf(folder);
    }
}
