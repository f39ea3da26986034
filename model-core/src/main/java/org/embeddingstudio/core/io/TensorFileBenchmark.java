package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Measures write and read throughput of a 250 000 × 768 float32 embedding matrix (768 MB) as safetensors and as
 * {@code embedding.pt}, on a warm page cache. Writes include the fsync that {@link AtomicFiles} does, so they depend
 * on the disk as well as on this code.
 *
 * <p>Usage: {@code TensorFileBenchmark [folder] [rows] [columns] [repetitions]}; by default a temporary folder that
 * is deleted afterwards. Maven itself may run on JDK 17, so run it with a JDK 21+ {@code java}:
 * <pre>
 * ./mvnw -q -o -pl model-core compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xms4g -XX:+AlwaysPreTouch -cp model-core/target/classes:$(cat model-core/target/cp.txt) \
 *     org.embeddingstudio.core.io.TensorFileBenchmark
 * </pre>
 * Without {@code -XX:+AlwaysPreTouch} the first reads into never-used heap pay one page fault per 4 KiB, which on a
 * virtual machine can cost more than the read itself; later reads reuse that memory.
 */
public final class TensorFileBenchmark {
    private TensorFileBenchmark() {
    }

    /** Prints one line per format and direction with the best of the repetitions in GB/s (10^9 bytes per second). */
    public static void main(String[] args) throws IOException {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tensor-benchmark");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 250_000;
        int columns = args.length > 2 ? Integer.parseInt(args[2]) : 768;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        HostTensor tensor = sample(rows, columns);
        Path safetensors = folder.resolve("embedding.safetensors");
        Path torch = folder.resolve("embedding.pt");
        System.out.printf("tensor %d x %d float32 = %.0f MB, best of %d after a warm-up%n", rows, columns,
                tensor.byteSize() / 1e6, repetitions);
        try {
            report("safetensors write", tensor, repetitions,
                    () -> Safetensors.write(safetensors, Map.of("weight", tensor), Map.of()));
            report("safetensors read ", tensor, repetitions, () -> check(Safetensors.read(safetensors)
                    .tensors().get("weight"), tensor));
            report("safetensors map  ", tensor, repetitions, () -> touchEveryPage(Safetensors.map(safetensors)
                    .tensors().get("weight"), tensor));
            report("embedding.pt write", tensor, repetitions, () -> TorchFile.writeParameter(torch, tensor, true));
            report("embedding.pt read ", tensor, repetitions, () -> check(((TorchContent.SingleTensor)
                    TorchFile.read(torch)).tensor(), tensor));
        } finally {
            Files.deleteIfExists(safetensors);
            Files.deleteIfExists(torch);
            if (args.length == 0) {
                Files.deleteIfExists(folder);
            }
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void report(String what, HostTensor tensor, int repetitions, Step step) throws IOException {
        step.run(); // warm-up: page cache, JIT, direct-memory pool
        long best = Long.MAX_VALUE;
        long worst = 0;
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            step.run();
            long took = System.nanoTime() - start;
            best = Math.min(best, took);
            worst = Math.max(worst, took);
        }
        // The worst run is shown too: on a shared machine one slow run says more about the neighbours than the code.
        System.out.printf("%s  %6.2f GB/s best, %6.2f GB/s worst  (%.0f to %.0f ms)%n", what,
                tensor.byteSize() / (double) best, tensor.byteSize() / (double) worst, best / 1e6, worst / 1e6);
    }

    /** Touches the data read back, so a lazy reader could not look faster than it is. */
    private static void check(HostTensor read, HostTensor expected) {
        if (read.byteSize() != expected.byteSize() || read.data().getFloat((int) read.byteSize() - 4)
                != expected.data().getFloat((int) expected.byteSize() - 4)) {
            throw new IllegalStateException("read back something else than was written");
        }
    }

    /** A mapped tensor costs nothing until used: reading one byte per page makes the benchmark pay for the data. */
    private static void touchEveryPage(HostTensor read, HostTensor expected) {
        ByteBuffer data = read.data();
        long sum = 0;
        for (int i = 0; i < data.limit(); i += 4096) {
            sum += data.get(i);
        }
        if (sum == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable; keeps the loop from being optimised away");
        }
        check(read, expected);
    }

    private static HostTensor sample(int rows, int columns) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(rows, columns) * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int i = 0; floats.hasRemaining(); i++) {
            floats.put((i % 1000) * 0.001f);
        }
        return new HostTensor(TensorDType.F32, new long[] {rows, columns}, bytes);
    }
}
