package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged files, made by flipping random bytes and truncating valid ones, are either still read or refused with a
 * {@link FileFormatException}; never another exception, which a caller would not expect.
 */
class CorruptFilesTest {
    private static final int MUTATIONS = 1500;

    @TempDir
    Path dir;

    @Test
    void damagedSafetensorsFilesAreReadOrRefusedWithAFormatError() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
        tensors.put("b", HostTensor.ofFloats(new float[] {5, 6, 7}));
        Safetensors.write(valid, tensors, Map.of("k", "v"));
        assertOnlyFormatErrors(Files.readAllBytes(valid), file -> Safetensors.read(file), 1);
    }

    @Test
    void damagedTorchFilesAreReadOrRefusedWithAFormatError() throws IOException {
        Path valid = dir.resolve("valid.pt");
        TorchFile.writeParameter(valid, HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), true);
        assertOnlyFormatErrors(Files.readAllBytes(valid), file -> TorchFile.read(file), 2);
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    private void assertOnlyFormatErrors(byte[] valid, Reader reader, long seed) throws IOException {
        Random random = new Random(seed);
        Path file = dir.resolve("damaged");
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = valid.clone();
            if (i % 10 == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            } else {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            Files.write(file, bytes);
            try {
                reader.read(file);
            } catch (FileFormatException expected) {
                refused++;
            } catch (RuntimeException | IOException e) {
                fail("mutation " + i + " of seed " + seed + " threw " + e, e);
            }
        }
        assertTrue(refused > MUTATIONS / 10, "the mutations should damage files often enough: " + refused);
    }
}
