package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code info} for an embeddings folder ({@link EmbeddingFiles}' layout): the matrix, the tokenizer saved with it
 * and the provenance our sidecar keeps. Reads files only; no model is needed.
 */
final class EmbeddingFolderInfo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingFolderInfo() {
    }

    static void print(Path folder, PrintWriter stdout) throws IOException {
        stdout.println(folder + ": embeddings folder");
        List<String> files = new ArrayList<>();
        HostTensor weight = null;
        for (String name : List.of(EmbeddingFiles.PT_FILE, EmbeddingFiles.SAFETENSORS_FILE)) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(name);
                HostTensor read = readWeight(file);
                weight = weight == null ? read : weight;
            }
        }
        long[] shape = weight.shape();
        stdout.println("  weights:        " + String.join(", ", files) + ", " + weight.dtype() + " "
                + TensorFileInfo.shape(shape));
        if (shape.length == 2) {
            stdout.println("  rows x dim:     " + shape[0] + " x " + shape[1]);
        }
        printTokenizer(folder.resolve(EmbeddingFiles.TOKENIZER_FOLDER), stdout);
        printSidecar(folder.resolve(EmbeddingFiles.SIDECAR_FILE), stdout);
    }

    private static HostTensor readWeight(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".safetensors")) {
            Map<String, HostTensor> tensors = Safetensors.read(file).tensors();
            HostTensor weight = tensors.getOrDefault("weight",
                    tensors.size() == 1 ? tensors.values().iterator().next() : null);
            if (weight == null) {
                throw new FileFormatException(file, "holds " + tensors.keySet() + " but no 'weight' tensor");
            }
            return weight;
        }
        TorchContent content = TorchFile.read(file);
        if (content instanceof TorchContent.SingleTensor single) {
            return single.tensor();
        }
        Map<String, HostTensor> tensors = ((TorchContent.StateDict) content).tensors();
        if (!tensors.containsKey("weight")) {
            throw new FileFormatException(file, "holds a state dict " + tensors.keySet()
                    + " instead of an embedding weight tensor");
        }
        return tensors.get("weight");
    }

    private static void printTokenizer(Path tokenizerFolder, PrintWriter stdout) throws IOException {
        if (!Files.isDirectory(tokenizerFolder)) {
            stdout.println("  tokenizer:      none saved (text cannot be encoded for it without one)");
            return;
        }
        try (Tokenizer tokenizer = TokenizerLoader.load(tokenizerFolder)) {
            stdout.println("  tokenizer:      " + EmbeddingFiles.TOKENIZER_FOLDER + "/");
            TokenizerInfo.printSummary(tokenizer, stdout, "    ");
        }
    }

    private static void printSidecar(Path sidecar, PrintWriter stdout) throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            stdout.println("  provenance:     unknown (no " + EmbeddingFiles.SIDECAR_FILE
                    + "; written by Python's adapters?)");
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(sidecar.toFile());
        } catch (IOException e) {
            throw new FileFormatException(sidecar, "not valid JSON", e);
        }
        stdout.println("  name:           " + node.path("name").asText("?"));
        stdout.println("  source model:   " + orNone(node.path("source_model").asText("")));
        String reference = node.path("reference_embedding").asText("");
        stdout.println("  reference:      " + (reference.isEmpty() ? "none" : "'" + reference + "' with tokenizer "
                + orNone(node.path("reference_tokenizer").asText("")) + ", matched "
                + node.path("matching_mode").asText("exact")));
        stdout.println("  seed:           " + node.path("seed").asLong());
        StringBuilder counts = new StringBuilder();
        node.path("row_origin_counts").properties().forEach(count -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(count.getKey()).append(' ').append(count.getValue().asLong()));
        stdout.println("  row origins:    " + orNone(counts.toString()));
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "none" : value;
    }
}
