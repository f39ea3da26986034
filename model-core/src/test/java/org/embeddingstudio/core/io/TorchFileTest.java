package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchFileTest {
    @TempDir
    Path dir;

    @Test
    void tensorRoundTripKeepsShapeDtypeAndBytes() throws IOException {
        HostTensor tensor = HostTensor.ofFloats(new float[] {1.5f, -2, 3, 4, 5, 6}, 2, 3);
        Path file = dir.resolve("tensor.pt");

        TorchFile.writeTensor(file, tensor);
        var read = assertInstanceOf(TorchContent.SingleTensor.class, TorchFile.read(file));

        assertEquals(tensor, read.tensor());
        assertFalse(read.parameter());
    }

    @Test
    void parameterRoundTripKeepsRequiresGrad() throws IOException {
        HostTensor tensor = half(TensorDType.BF16, 4, 2);
        Path file = dir.resolve("embedding.pt");

        TorchFile.writeParameter(file, tensor, true);
        var read = assertInstanceOf(TorchContent.SingleTensor.class, TorchFile.read(file));

        assertEquals(tensor, read.tensor());
        assertTrue(read.parameter());
        assertTrue(read.requiresGrad());
    }

    @Test
    void stateDictRoundTripKeepsNamesInOrder() throws IOException {
        LinkedHashMap<String, HostTensor> state = new LinkedHashMap<>();
        state.put("z.weight", HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
        state.put("a.bias", half(TensorDType.F16, 3));
        state.put("m.scalar", HostTensor.ofFloats(new float[] {9}, new long[0]));
        Path file = dir.resolve("pytorch_model.bin");

        TorchFile.writeStateDict(file, state);
        var read = assertInstanceOf(TorchContent.StateDict.class, TorchFile.read(file));

        assertEquals(List.copyOf(state.keySet()), List.copyOf(read.tensors().keySet()));
        assertEquals(state, read.tensors());
    }

    @Test
    void scalarsEmptyTensorsAndManyDimensionsRoundTrip() throws IOException {
        for (HostTensor tensor : new HostTensor[] {
                HostTensor.ofFloats(new float[] {7}, new long[0]),
                new HostTensor(TensorDType.F16, new long[] {0, 3}, ByteBuffer.allocate(0)),
                half(TensorDType.F16, 2, 1, 3, 2, 2)}) {
            Path file = dir.resolve("t.pt");
            TorchFile.writeParameter(file, tensor, false);
            assertEquals(tensor, ((TorchContent.SingleTensor) TorchFile.read(file)).tensor());
        }
    }

    @Test
    void writtenZipIsStoredWithTorchEntriesAndSixtyFourByteAlignedData() throws IOException {
        Path file = dir.resolve("embedding.pt");
        TorchFile.writeTensor(file, HostTensor.ofFloats(new float[] {1, 2, 3}));

        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals("little", new String(zip.getInputStream(zip.getEntry("embedding/byteorder")).readAllBytes()));
            assertEquals("3\n", new String(zip.getInputStream(zip.getEntry("embedding/version")).readAllBytes()));
            assertEquals(ZipEntry.STORED, zip.getEntry("embedding/data/0").getMethod());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ZipDirectory directory = ZipDirectory.read(file, channel);
            for (ZipDirectory.Entry entry : directory.entries()) {
                assertEquals(0, directory.dataOffset(entry) % 64, entry.name());
            }
        }
    }

    @Test
    void zip64ArchivesAreReadableByUsAndByJavaUtilZip() throws IOException {
        HostTensor tensor = HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
        Path file = dir.resolve("zip64.pt");

        TorchFile.write(file, tensor, true, false, true);

        assertEquals(tensor, ((TorchContent.SingleTensor) TorchFile.read(file)).tensor());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(16, zip.getEntry("zip64/data/0").getSize());
        }
    }

    @Test
    void refusesTensorDataWhoseChecksumDoesNotMatch() throws IOException {
        Path file = dir.resolve("damaged.pt");
        TorchFile.writeTensor(file, HostTensor.ofFloats(new float[] {1, 2, 3, 4}));
        long dataOffset;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ZipDirectory zip = ZipDirectory.read(file, channel);
            dataOffset = zip.dataOffset(zip.find("damaged/data/0").orElseThrow());
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) dataOffset + 5] ^= 0x10;
        Files.write(file, bytes);

        assertRefused(file, "zip entry 'damaged/data/0' is damaged");
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("legacy.pt"), "not a zip at all");
        assertRefused(file, "not a zip archive");
    }

    @Test
    void refusesAZipWithoutDataPkl() throws IOException {
        Path file = zip("other.pt", "other/readme.txt", ByteBuffer.wrap(new byte[] {1}));
        assertRefused(file, "no <archive>/data.pkl");
    }

    @Test
    void refusesAStorageEntryShorterThanThePickleClaims() throws IOException {
        byte[] pickle = TorchPickleWriter.tensor(HostTensor.ofFloats(new float[8]), "0", false, false);
        Path file = dir.resolve("short.pt");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            StoredZipWriter zip = new StoredZipWriter(channel, false);
            zip.add("short/data.pkl", ByteBuffer.wrap(pickle));
            zip.add("short/data/0", ByteBuffer.allocate(4));
            zip.finish();
        }
        assertRefused(file, "should hold 8 F32 elements (32 bytes), but its entry has 4");
    }

    @Test
    void refusesAMissingStorageEntry() throws IOException {
        byte[] pickle = TorchPickleWriter.tensor(HostTensor.ofFloats(new float[2]), "7", false, false);
        Path file = zip("missing.pt", "missing/data.pkl", ByteBuffer.wrap(pickle));
        assertRefused(file, "no missing/data/7");
    }

    @Test
    void refusesAPickleAskingForOsSystem() throws IOException {
        byte[] pickle = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};
        Path file = zip("evil.pt", "evil/data.pkl", ByteBuffer.wrap(pickle));

        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> TorchFile.read(file));
        assertEquals(file + ": refused to load: the pickle asks for os.system, which can run code;"
                + " only tensors and state dicts are accepted", e.getMessage());
    }

    @Test
    void materialisesATransposedViewInRowMajorOrder() throws IOException {
        HostTensor stored = HostTensor.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        TorchTensorRef transposed = new TorchTensorRef(new TorchStorageRef("0", TensorDType.F32, 6), 0,
                new long[] {3, 2}, new long[] {1, 3}, false, false);
        Path file = dir.resolve("base.pt");
        TorchFile.writeTensor(file, stored);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            HostTensor read = new TorchStorageReader(file, channel, ZipDirectory.read(file, channel), "base/")
                    .tensor(transposed);
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, read.toFloatArray());
        }
    }

    @Test
    void refusesAViewReachingPastItsStorage() throws IOException {
        TorchTensorRef tooFar = new TorchTensorRef(new TorchStorageRef("0", TensorDType.F32, 3), 2,
                new long[] {2}, new long[] {1}, false, false);
        Path file = dir.resolve("base.pt");
        TorchFile.writeTensor(file, HostTensor.ofFloats(new float[] {0, 1, 2}));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var reader = new TorchStorageReader(file, channel, ZipDirectory.read(file, channel), "base/");
            FileFormatException e = assertThrows(FileFormatException.class, () -> reader.tensor(tooFar));
            assertTrue(e.getMessage().contains("reaches element 3 of a storage with 3"), e.getMessage());
        }
    }

    @Test
    void refusesManyViewsOfOneStorageThatWouldNeedFarMoreMemoryThanTheFile() throws IOException {
        Path file = dir.resolve("views.pt");
        TorchFile.writeTensor(file, HostTensor.ofFloats(new float[1 << 20])); // 4 MiB storage
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var reader = new TorchStorageReader(file, channel, ZipDirectory.read(file, channel), "views/");
            FileFormatException e = assertThrows(FileFormatException.class, () -> {
                for (long offset = 0; offset < 16; offset++) {
                    reader.tensor(new TorchTensorRef(new TorchStorageRef("0", TensorDType.F32, 1 << 20), offset,
                            new long[] {(1 << 20) - 16}, new long[] {1}, false, false));
                }
            });
            assertTrue(e.getMessage().contains("more than twice its size"), e.getMessage());
        }
    }

    @Test
    void readsATensorNamedTwiceOnlyOnce() throws IOException {
        Path file = dir.resolve("tied.pt");
        TorchFile.writeTensor(file, HostTensor.ofFloats(new float[1 << 20]));
        TorchTensorRef whole = new TorchTensorRef(new TorchStorageRef("0", TensorDType.F32, 1 << 20), 0,
                new long[] {1 << 20}, new long[] {1}, false, false);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var reader = new TorchStorageReader(file, channel, ZipDirectory.read(file, channel), "tied/");
            for (int i = 0; i < 10; i++) {
                assertEquals(1 << 22, reader.tensor(whole).byteSize());
            }
        }
    }

    private Path zip(String fileName, String entry, ByteBuffer content) throws IOException {
        Path file = dir.resolve(fileName);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            StoredZipWriter zip = new StoredZipWriter(channel, false);
            zip.add(entry, content);
            zip.finish();
        }
        return file;
    }

    private static HostTensor half(TensorDType dtype, long... shape) {
        int n = (int) HostTensor.numelOf(shape);
        ByteBuffer bytes = ByteBuffer.allocate(2 * n);
        for (int i = 0; i < n; i++) {
            bytes.putShort((short) (0x3C00 + 37 * i));
        }
        return new HostTensor(dtype, shape, bytes.flip());
    }

    private static void assertRefused(Path file, String problem) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> TorchFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
