package org.embeddingstudio.core.onnx;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the importer does with graphs other than a full BERT; a real export is tested against ONNX Runtime. */
class OnnxBertImporterTest {
    static final Path SOURCE = Path.of("other.onnx");

    @Test
    void aMatMulWeightIsTransposedToTheLayoutOfALinearWeight() {
        HostTensor inOut = HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        HostTensor outIn = OnnxBertImporter.transposed(inOut);
        assertArrayEquals(new long[] {3, 2}, outIn.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, outIn.toFloatArray());
    }

    @Test
    void aGraphWithoutBertInitializersIsRejectedNamingWhatIsMissing() throws Exception {
        OnnxGraph graph = OnnxModelReader.read(SOURCE, ByteBuffer.wrap(OnnxModelReaderTest.tinyModel()));
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> OnnxBertImporter.importBert(SOURCE, graph));
        assertTrue(e.getMessage().startsWith("other.onnx: is not a BERT exported by transformers: ")
                && e.getMessage().contains("embeddings.word_embeddings.weight"), e.getMessage());
    }

    @Test
    void aLinearBiasWithoutItsMatMulIsRejected() throws Exception {
        ProtoWriter bias = new ProtoWriter().packed(1, 2).varint(2, 1).string(8, "encoder.layer.0.output.dense.bias")
                .packedFloats(4, 0f, 0f);
        byte[] model = OnnxModelReaderTest.graphWithInitializer(bias);
        OnnxGraph graph = OnnxModelReader.read(SOURCE, ByteBuffer.wrap(model));
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> OnnxBertImporter.importBert(SOURCE, graph));
        assertTrue(e.getMessage().contains("no MatMul with a constant weight feeds the Add of "
                + "encoder.layer.0.output.dense.bias"), e.getMessage());
    }
}
