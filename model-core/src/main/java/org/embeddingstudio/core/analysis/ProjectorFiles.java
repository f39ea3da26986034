package org.embeddingstudio.core.analysis;

import ai.djl.ndarray.types.DataType;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An embedding as TensorBoard Embedding Projector files (https://projector.tensorflow.org/, Load → Choose file):
 * {@code tensor.tsv}, one row per line, and {@code metadata.tsv}, each row's token and provenance — for t-SNE or
 * UMAP there.
 */
public final class ProjectorFiles {
    public static final String TENSOR_FILE = "tensor.tsv";
    public static final String METADATA_FILE = "metadata.tsv";

    private ProjectorFiles() {
    }

    /** Writes both files into {@code folder} (created if needed), each atomically. */
    public static void write(TokenEmbedding embedding, Optional<Tokenizer> tokenizer, Path folder) throws IOException {
        Files.createDirectories(folder);
        float[] values = embedding.weight().toType(DataType.FLOAT32, false).toFloatArray();
        AtomicFiles.writeString(folder.resolve(TENSOR_FILE), tensor(values, embedding.rows(), embedding.dimension()));
        AtomicFiles.writeString(folder.resolve(METADATA_FILE), metadata(embedding, tokenizer));
    }

    private static String tensor(float[] values, int rows, int dimension) {
        StringBuilder text = new StringBuilder(values.length * 12);
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < dimension; j++) {
                text.append(j == 0 ? "" : "\t").append(values[row * dimension + j]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String metadata(TokenEmbedding embedding, Optional<Tokenizer> tokenizer) {
        StringBuilder text = new StringBuilder("token\tprovenance\n");
        int tokens = tokenizer.map(t -> t.vocabulary().size()).orElse(0);
        for (int row = 0; row < embedding.rows(); row++) {
            String token = row < tokens ? visible(tokenizer.get().vocabulary().label(row)) : "<row " + row + ">";
            text.append(token).append('\t').append(embedding.rowOrigin(row).label()).append('\n');
        }
        return text.toString();
    }

    /**
     * Tabs and line breaks would split a TSV cell; an empty cell shifts TensorBoard's labels: both are escaped.
     */
    public static String visible(String token) {
        if (token.isEmpty()) {
            return "<empty>";
        }
        return token.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
