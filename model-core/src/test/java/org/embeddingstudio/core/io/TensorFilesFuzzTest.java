package org.embeddingstudio.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.file.Path;

/**
 * Fuzz targets for the tensor file readers: safetensors (header and data) and torch zip files such as
 * {@code embedding.pt} and {@code pytorch_model.bin}, whose pickle goes through the {@link RestrictedUnpickler}.
 * The normal test run replays the inputs under {@code TensorFilesFuzzTestInputs/<method>/}; {@code bin/fuzz} fuzzes.
 */
class TensorFilesFuzzTest {

    @FuzzTest
    void safetensorsFile(byte[] bytes) {
        Path file = FuzzedFiles.write("adapter.safetensors", bytes);
        FuzzedFiles.readOrRefused(file, () -> Safetensors.read(file));
        FuzzedFiles.readOrRefused(file, () -> Safetensors.map(file));
    }

    @FuzzTest
    void torchFile(byte[] bytes) {
        Path file = FuzzedFiles.write("embedding.pt", bytes);
        FuzzedFiles.readOrRefused(file, () -> TorchFile.read(file));
    }

    /** The unpickler alone, so the fuzzer spends its time on opcodes rather than on the zip around them. */
    @FuzzTest
    void restrictedUnpickler(byte[] pickle) {
        Path file = Path.of("pytorch_model.bin");
        FuzzedFiles.readOrRefused(file, () -> new RestrictedUnpickler(file, pickle, new TorchPickleCalls(file)).load());
    }
}
