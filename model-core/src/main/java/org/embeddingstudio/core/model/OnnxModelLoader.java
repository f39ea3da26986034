package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.onnx.ImportedBert;
import org.embeddingstudio.core.onnx.OnnxBertImporter;
import org.embeddingstudio.core.onnx.OnnxGraph;
import org.embeddingstudio.core.onnx.OnnxModelReader;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a BERT exported to ONNX by transformers ({@code torch.onnx.export}, as optimum and sentence-transformers
 * do) into our own encoder: the graph's weights are imported, the graph itself is not run. Such an export has no
 * masked-LM head and usually no pooler; both are created fresh when needed, as for a base checkpoint.
 */
public final class OnnxModelLoader {
    private OnnxModelLoader() {
    }

    /** Loads {@code onnxFile}; {@code tokenizer} (or {@code null}) goes with its word embeddings as "default". */
    public static AdapterModel load(Path onnxFile, Tokenizer tokenizer, Device device) throws IOException {
        return load(onnxFile, ByteBuffer.wrap(Files.readAllBytes(onnxFile)), tokenizer, device);
    }

    /**
     * Loads an ONNX model held in memory.
     *
     * @param source names the model in messages and in {@link AdapterModel#source()}
     * @throws FileFormatException naming {@code source} when the bytes are not an ONNX BERT
     */
    public static AdapterModel load(Path source, ByteBuffer onnx, Tokenizer tokenizer, Device device)
            throws FileFormatException {
        OnnxGraph graph = OnnxModelReader.read(source, onnx);
        ImportedBert bert = OnnxBertImporter.importBert(source, graph);
        return ModelLoader.fromParameters(source, bert.config(), bert.parameters(), tokenizer, device);
    }
}
