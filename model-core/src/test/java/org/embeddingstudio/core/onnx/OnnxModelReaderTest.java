package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.TensorDType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The hand-written protobuf reader decodes what ONNX writes and rejects anything malformed as a bad file. */
class OnnxModelReaderTest {
    static final Path SOURCE = Path.of("tiny.onnx");

    /**
     * A model with one initializer in raw_data, one Constant in float_data and one MatMul (field numbers of
     * onnx.proto).
     */
    static byte[] tinyModel() {
        ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            raw.putFloat(i);
        }
        ProtoWriter weight = new ProtoWriter().packed(1, 2, 3).varint(2, 1).string(8, "w").bytes(9, raw.array());
        // Unpacked dims and float_data, as older writers emit them.
        ProtoWriter scalar = new ProtoWriter().varint(1, 1).varint(2, 1).fixed32Float(4, 0.5f);
        ProtoWriter constant = new ProtoWriter().string(2, "half").string(4, "Constant")
                .message(5, new ProtoWriter().string(1, "value").message(5, scalar).varint(20, 4));
        ProtoWriter matMul = new ProtoWriter().string(1, "x").string(1, "w").string(2, "y").string(3, "mm")
                .string(4, "MatMul").message(5, new ProtoWriter().string(1, "axes").packed(8, 0, 2));
        ProtoWriter graph = new ProtoWriter().message(1, constant).message(1, matMul).string(2, "tiny")
                .message(5, weight).message(11, new ProtoWriter().string(1, "x"))
                .message(11, new ProtoWriter().string(1, "w")).message(12, new ProtoWriter().string(1, "y"));
        return new ProtoWriter().varint(1, 8).string(2, "test").message(7, graph).toByteArray();
    }

    @Test
    void readsNodesInitializersAttributesAndRealInputs() throws Exception {
        OnnxGraph graph = OnnxModelReader.read(SOURCE, ByteBuffer.wrap(tinyModel()));
        assertEquals("tiny", graph.name());
        assertEquals(List.of("x"), graph.inputs(), "an initializer listed as input is not a real input");
        assertEquals(List.of("y"), graph.outputs());
        HostTensor w = graph.initializers().get("w");
        assertEquals(TensorDType.F32, w.dtype());
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.toFloatArray());
        OnnxNode matMul = graph.producerOf("y").orElseThrow();
        assertEquals(List.of("x", "w"), matMul.inputs());
        assertArrayEquals(new long[] {0, 2}, matMul.attributes().get("axes").ints());
        HostTensor half = graph.producerOf("half").orElseThrow().attributes().get("value").tensor();
        assertArrayEquals(new float[] {0.5f}, half.toFloatArray());
        assertEquals(List.of(matMul), graph.consumersOf("w"));
    }

    @Test
    void everyTruncationIsAFileFormatExceptionNamingTheSource() {
        byte[] model = tinyModel();
        for (int length = 0; length < model.length; length++) {
            byte[] truncated = Arrays.copyOf(model, length);
            FileFormatException e = assertThrows(FileFormatException.class,
                    () -> OnnxModelReader.read(SOURCE, ByteBuffer.wrap(truncated)), "truncated to " + length);
            assertEquals(SOURCE, e.file());
            assertTrue(e.getMessage().startsWith("tiny.onnx: is not a readable ONNX model: "), e.getMessage());
        }
    }

    @Test
    void garbledBytesAreReadOrRejectedAsAFileFormatExceptionButNeverCrash() {
        byte[] model = tinyModel();
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] garbled = model.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                garbled[random.nextInt(garbled.length)] = (byte) random.nextInt(256);
            }
            try {
                OnnxModelReader.read(SOURCE, ByteBuffer.wrap(garbled));
            } catch (FileFormatException e) {
                assertEquals(SOURCE, e.file());
            } catch (RuntimeException e) {
                fail("trial " + trial + " crashed with " + e, e);
            }
        }
    }

    @Test
    void specificDefectsAreNamedInTheMessage() {
        assertProblem(new ProtoWriter().varint(1, 8).toByteArray(), "it has no graph");
        assertProblem(new byte[] {(byte) 0x3B}, "unsupported wire type 3");
        byte[] endlessVarint = new byte[12];
        Arrays.fill(endlessVarint, (byte) 0xFF);
        endlessVarint[0] = 0x08;
        assertProblem(endlessVarint, "varint longer than 10 bytes");
        ProtoWriter external = new ProtoWriter().string(8, "big").varint(2, 1).message(13, new ProtoWriter());
        assertProblem(graphWithInitializer(external), "external file");
        ProtoWriter short_ = new ProtoWriter().packed(1, 4).varint(2, 1).string(8, "short").bytes(9, new byte[8]);
        assertProblem(graphWithInitializer(short_), "needs 16 bytes of data but has 8");
        ProtoWriter oddType = new ProtoWriter().packed(1, 1).varint(2, 8).string(8, "text");
        assertProblem(graphWithInitializer(oddType), "unsupported data type 8");
    }

    static byte[] graphWithInitializer(ProtoWriter tensor) {
        return new ProtoWriter().message(7, new ProtoWriter().message(5, tensor)).toByteArray();
    }

    static void assertProblem(byte[] bytes, String problem) {
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> OnnxModelReader.read(SOURCE, ByteBuffer.wrap(bytes)));
        assertTrue(e.getMessage().startsWith(SOURCE + ": ") && e.getMessage().contains(problem), e.getMessage());
    }
}
