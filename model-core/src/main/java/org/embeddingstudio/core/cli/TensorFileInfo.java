package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code info} for one tensor file: each tensor's name, dtype and shape. */
final class TensorFileInfo {
    private TensorFileInfo() {
    }

    static void printSafetensors(Path file, PrintWriter stdout) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        stdout.println(file + ": safetensors file, " + contents.tensors().size() + " tensors");
        if (!contents.metadata().isEmpty()) {
            stdout.println("  metadata: " + contents.metadata());
        }
        printTensors(contents.tensors(), stdout);
    }

    /** Reads through the restricted unpickler: an unsafe pickle fails here with the API's own message. */
    static void printTorch(Path file, PrintWriter stdout) throws IOException {
        TorchContent content = TorchFile.read(file);
        if (content instanceof TorchContent.SingleTensor single) {
            stdout.println(file + ": torch.save file, one " + (single.parameter() ? "nn.Parameter" : "tensor")
                    + (single.parameter() ? " (requires_grad=" + (single.requiresGrad() ? "True" : "False") + ")"
                    : ""));
            printTensors(Map.of("(tensor)", single.tensor()), stdout);
        } else if (content instanceof TorchContent.StateDict dict) {
            stdout.println(file + ": torch.save file, state dict of " + dict.tensors().size() + " tensors");
            printTensors(dict.tensors(), stdout);
        }
    }

    private static void printTensors(Map<String, HostTensor> tensors, PrintWriter stdout) {
        int width = tensors.keySet().stream().mapToInt(String::length).max().orElse(0);
        long parameters = 0;
        for (Map.Entry<String, HostTensor> named : tensors.entrySet()) {
            HostTensor tensor = named.getValue();
            stdout.printf("  %-" + Math.max(width, 1) + "s  %-4s  %s%n", named.getKey(), tensor.dtype(),
                    shape(tensor.shape()));
            parameters += tensor.numel();
        }
        stdout.println("  total: " + parameters + " values");
    }

    /** A shape as Python prints one: (2, 7, 32). */
    static String shape(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString)
                .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    }
}
