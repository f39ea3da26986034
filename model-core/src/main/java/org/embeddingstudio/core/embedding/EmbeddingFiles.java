package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.io.FolderSave;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;
import org.embeddingstudio.core.io.SaveFailedException;
import org.embeddingstudio.core.io.TensorDType;
import org.embeddingstudio.core.io.TorchContent;
import org.embeddingstudio.core.io.TorchFile;
import org.embeddingstudio.core.tensor.HostTensors;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An embedding's folder, in {@code adapters}' layout plus our sidecar:
 * <ul>
 *   <li>{@code embedding.pt} — {@code torch.save(weight)}, exactly what {@code adapters}' {@code save_embeddings}
 *       writes and its {@code load_embeddings} reads; and/or {@code embedding.safetensors} ({@code weight});</li>
 *   <li>{@code tokenizer/} — the tokenizer in Hugging Face layout, when one is saved with it;</li>
 *   <li>{@code embedding-studio.json} and {@code embedding-studio.safetensors} — what {@code adapters} does not
 *       keep: name, origin, seed, the masked-LM output bias over this vocabulary and each row's origin.</li>
 * </ul>
 * A folder written by Python (no sidecar) loads too. Every file is written atomically.
 */
public final class EmbeddingFiles {
    public static final String PT_FILE = "embedding.pt";
    public static final String SAFETENSORS_FILE = "embedding.safetensors";
    public static final String TOKENIZER_FOLDER = "tokenizer";
    public static final String SIDECAR_FILE = "embedding-studio.json";
    public static final String SIDECAR_TENSORS_FILE = "embedding-studio.safetensors";
    /**
     * The output rows of a decoder's embedding pair whose head is not tied ({@code weight}, (V, D), the rows of
     * {@code lm_head.weight} for this vocabulary). {@code adapters} reads only {@link #PT_FILE} and ignores it.
     */
    public static final String OUTPUT_ROWS_FILE = "output_embedding.safetensors";
    private static final String SIDECAR_FORMAT = "embedding-studio/embedding";
    /** For {@link #load}: read an embedding of whatever dimension it has (a donor, a folder to export). */
    public static final int ANY_DIMENSION = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a folder held. */
    public record Loaded(TokenEmbedding embedding, Optional<Tokenizer> tokenizer, List<String> warnings) {
    }

    private EmbeddingFiles() {
    }

    /** Writes the embedding (and the tokenizer, if given) into {@code folder}, creating it if needed. */
    public static void save(Path folder, String name, TokenEmbedding embedding, Tokenizer tokenizer,
                            EmbeddingFormat format) throws IOException {
        HostTensor weight = HostTensors.viewOf(embedding.weight());
        // All files of the folder are replaced together: a save cut short leaves the previous embedding complete.
        try (FolderSave save = FolderSave.begin(folder)) {
            saveInto(save, name, embedding, tokenizer, format, weight);
        } catch (IOException e) {
            throw SaveFailedException.explain(folder, e);
        }
        embedding.markSaved(folder);
    }

    private static void saveInto(FolderSave save, String name, TokenEmbedding embedding, Tokenizer tokenizer,
                                 EmbeddingFormat format, HostTensor weight) throws IOException {
        // A weight file of the format not written now would be an older embedding's: remove it, or the folder
        // would hold two different matrices and which one is read would depend on the reader.
        if (format.writesPt()) {
            TorchFile.writeParameter(save.stage(PT_FILE), weight, false);
        } else {
            save.remove(PT_FILE);
        }
        if (format.writesSafetensors()) {
            Safetensors.write(save.stage(SAFETENSORS_FILE), Map.of("weight", weight), Map.of("format", "pt"));
        } else {
            save.remove(SAFETENSORS_FILE);
        }
        if (embedding.outputRows().isPresent()) {
            Safetensors.write(save.stage(OUTPUT_ROWS_FILE), Map.of("weight",
                    HostTensors.viewOf(embedding.outputRows().get())), Map.of("format", "pt"));
        } else {
            save.remove(OUTPUT_ROWS_FILE);
        }
        Map<String, HostTensor> extras = new LinkedHashMap<>();
        extras.put("output_bias", HostTensors.toHost(embedding.outputBias()));
        byte[] origins = embedding.rowOriginCodes();
        extras.put("row_origin", new HostTensor(TensorDType.U8, new long[]{origins.length},
                ByteBuffer.wrap(origins)));
        Safetensors.write(save.stage(SIDECAR_TENSORS_FILE), extras, Map.of());
        AtomicFiles.writeString(save.stage(SIDECAR_FILE), sidecar(name, embedding, tokenizer != null));
        if (tokenizer != null) {
            tokenizer.saveTo(save.stage(TOKENIZER_FOLDER));
        } else {
            // A tokenizer/ left from an earlier save in this folder belongs to the matrix just replaced;
            // loading would pair it with this one.
            save.remove(TOKENIZER_FOLDER);
        }
        save.commit();
    }

    private static String sidecar(String name, TokenEmbedding embedding, boolean withTokenizer)
            throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", SIDECAR_FORMAT);
        json.put("version", 1);
        json.put("name", name);
        json.put("rows", embedding.rows());
        json.put("dimension", embedding.dimension());
        json.put("dtype", "float32");
        EmbeddingOrigin origin = embedding.origin();
        json.put("source_model", origin.sourceModel());
        json.put("reference_embedding", origin.referenceEmbedding());
        json.put("reference_tokenizer", origin.referenceTokenizer());
        json.put("matching_mode", origin.matchingMode());
        json.put("seed", origin.seed());
        json.put("init_strategy", origin.initStrategy());
        json.put("donor", origin.donor());
        json.put("tokenizer_saved", withTokenizer);
        json.put("output_rows", embedding.outputRows().isPresent());
        ObjectNode counts = json.putObject("row_origin_counts");
        embedding.rowOriginCounts().forEach((rowOrigin, count) -> counts.put(rowOrigin.label(), count));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    /**
     * Reads an embedding folder into arrays owned by {@code manager}.
     *
     * @param dimension the dimension the model needs, or {@link #ANY_DIMENSION}
     */
    public static Loaded load(Path folder, NDManager manager, int dimension) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new FileFormatException(folder, "no such folder");
        }
        FolderSave.recoverBeforeReading(folder);
        Optional<Tokenizer> tokenizer = Optional.empty();
        Path tokenizerFolder = folder.resolve(TOKENIZER_FOLDER);
        if (Files.isDirectory(tokenizerFolder)) {
            tokenizer = Optional.of(TokenizerLoader.load(tokenizerFolder));
        }
        Path weightFile = weightFile(folder);
        HostTensor weight = readWeight(weightFile);
        if (weight.shape().length != 2) {
            throw new FileFormatException(weightFile, "holds a tensor of shape " + Arrays.toString(
                    weight.shape()) + "; an embedding is a 2-D (rows, dimension) matrix");
        }
        int rows = Math.toIntExact(weight.shape()[0]);
        if (dimension != ANY_DIMENSION && weight.shape()[1] != dimension) {
            throw new FileFormatException(weightFile, "has dimension " + weight.shape()[1]
                    + " but this model's embeddings have dimension " + dimension);
        }
        if (tokenizer.isPresent() && tokenizer.get().vocabulary().modelSize() > rows) {
            throw new FileFormatException(weightFile, "has " + rows + " rows but its tokenizer has "
                    + tokenizer.get().vocabulary().size() + " tokens");
        }
        List<String> warnings = new ArrayList<>();
        Sidecar sidecar = readSidecar(folder, rows, warnings);
        NDArray weightArray = HostTensors.toNDArray(manager, weight);
        if (weightArray.getDataType() != DataType.FLOAT32) {
            weightArray = weightArray.toType(DataType.FLOAT32, false);
        }
        NDArray bias = sidecar.bias != null ? HostTensors.toNDArray(manager, sidecar.bias)
                : manager.zeros(new Shape(rows), DataType.FLOAT32);
        NDArray outputRows = readOutputRows(folder, manager, weight.shape());
        TokenEmbedding embedding = new TokenEmbedding(manager, weightArray, bias, outputRows, tokenizer.orElse(null),
                sidecar.origin, sidecar.rowOrigins);
        embedding.markSaved(folder);
        return new Loaded(embedding, tokenizer, List.copyOf(warnings));
    }

    /** The pair's output rows if the folder has them, checked to match the input rows' shape; else null. */
    private static NDArray readOutputRows(Path folder, NDManager manager, long[] shape) throws IOException {
        Path file = folder.resolve(OUTPUT_ROWS_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        HostTensor rows = Safetensors.read(file).tensors().get("weight");
        if (rows == null || !Arrays.equals(rows.shape(), shape)) {
            throw new FileFormatException(file, "needs a tensor 'weight' of the input rows' shape "
                    + Arrays.toString(shape) + (rows == null ? "; it has none" : ", not " + Arrays.toString(
                    rows.shape())));
        }
        NDArray array = HostTensors.toNDArray(manager, checkFloat(file, rows));
        return array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
    }

    private static Path weightFile(Path folder) throws FileFormatException {
        Path pt = folder.resolve(PT_FILE);
        if (Files.isRegularFile(pt)) {
            return pt;
        }
        Path safetensors = folder.resolve(SAFETENSORS_FILE);
        if (Files.isRegularFile(safetensors)) {
            return safetensors;
        }
        throw new FileFormatException(folder, "no embeddings found: neither " + PT_FILE + " nor " + SAFETENSORS_FILE);
    }

    private static HostTensor readWeight(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".safetensors")) {
            Map<String, HostTensor> tensors = Safetensors.read(file).tensors();
            HostTensor weight = tensors.containsKey("weight") ? tensors.get("weight")
                    : tensors.size() == 1 ? tensors.values().iterator().next() : null;
            if (weight == null) {
                throw new FileFormatException(file, "holds " + tensors.keySet() + " but no 'weight' tensor");
            }
            return checkFloat(file, weight);
        }
        TorchContent content = TorchFile.read(file);
        if (content instanceof TorchContent.SingleTensor single) {
            return checkFloat(file, single.tensor());
        }
        Map<String, HostTensor> tensors = ((TorchContent.StateDict) content).tensors();
        if (tensors.containsKey("weight")) {
            return checkFloat(file, tensors.get("weight"));
        }
        throw new FileFormatException(file, "holds a state dict " + tensors.keySet()
                + " instead of an embedding weight tensor");
    }

    private static HostTensor checkFloat(Path file, HostTensor tensor) throws FileFormatException {
        if (tensor.dtype() != TensorDType.F32 && tensor.dtype() != TensorDType.F16
                && tensor.dtype() != TensorDType.BF16) {
            throw new FileFormatException(file, "holds " + tensor.dtype() + " values; embeddings are float32, "
                    + "float16 or bfloat16");
        }
        return tensor;
    }

    private record Sidecar(EmbeddingOrigin origin, byte[] rowOrigins, HostTensor bias) {
    }

    private static Sidecar readSidecar(Path folder, int rows, List<String> warnings) throws IOException {
        Path json = folder.resolve(SIDECAR_FILE);
        Path tensors = folder.resolve(SIDECAR_TENSORS_FILE);
        byte[] unknown = new byte[rows];
        Arrays.fill(unknown, RowOrigin.UNKNOWN.code());
        EmbeddingOrigin noOrigin = new EmbeddingOrigin(folder.toString(), "", "", EmbeddingOrigin.EXACT, 0);
        if (!Files.isRegularFile(json)) {
            return new Sidecar(noOrigin, unknown, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new FileFormatException(json, "not valid JSON", e);
        }
        if (!SIDECAR_FORMAT.equals(node.path("format").asText())) {
            throw new FileFormatException(json, "is not an Embedding Studio sidecar (format is '"
                    + node.path("format").asText() + "')");
        }
        if (node.path("rows").asInt(-1) != rows) {
            warnings.add(json + " describes " + node.path("rows").asInt(-1) + " rows but the weights have " + rows
                    + "; its row origins and output bias were ignored");
            return new Sidecar(noOrigin, unknown, null);
        }
        EmbeddingOrigin origin = new EmbeddingOrigin(node.path("source_model").asText(""),
                node.path("reference_embedding").asText(""), node.path("reference_tokenizer").asText(""),
                node.path("matching_mode").asText(EmbeddingOrigin.EXACT), node.path("seed").asLong(0),
                node.path("init_strategy").asText(InitStrategy.RANDOM.label()), node.path("donor").asText(""));
        if (!Files.isRegularFile(tensors)) {
            return new Sidecar(origin, unknown, null);
        }
        Map<String, HostTensor> extras = Safetensors.read(tensors).tensors();
        HostTensor bias = extras.get("output_bias");
        HostTensor rowOrigin = extras.get("row_origin");
        if (bias == null || bias.dtype() != TensorDType.F32 || bias.numel() != rows
                || rowOrigin == null || rowOrigin.dtype() != TensorDType.U8 || rowOrigin.numel() != rows) {
            throw new FileFormatException(tensors, "needs 'output_bias' (F32) and 'row_origin' (U8) with " + rows
                    + " values each");
        }
        byte[] codes = new byte[rows];
        rowOrigin.data().duplicate().get(codes);
        return new Sidecar(origin, codes, bias);
    }
}
