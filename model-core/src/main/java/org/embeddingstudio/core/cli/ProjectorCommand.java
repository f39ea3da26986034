package org.embeddingstudio.core.cli;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** An embeddings folder as TensorBoard Embedding Projector files (https://projector.tensorflow.org/). */
@Command(name = "projector", mixinStandardHelpOptions = true,
        description = {"Write an embeddings folder as TensorBoard Embedding Projector files: tensor.tsv (one row per "
                + "line) and metadata.tsv (token and provenance of each row). Load both at "
                + "https://projector.tensorflow.org/ (Load → Choose file)."},
        footer = {"%nExample:", "  embedding-studio projector embeddings/german --out projector/german"})
final class ProjectorCommand implements Callable<Integer> {
    static final String TENSOR_FILE = "tensor.tsv";
    static final String METADATA_FILE = "metadata.tsv";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EMBEDDINGS_DIR", description = "Folder written by add-embeddings or "
            + "save_embeddings.")
    Path embeddings;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the .tsv files in.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path folder = Inputs.existingFolder(embeddings).toAbsolutePath().normalize();
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingFiles.Loaded loaded = EmbeddingFiles.load(folder, manager, EmbeddingFiles.ANY_DIMENSION);
            TokenEmbedding embedding = loaded.embedding();
            Files.createDirectories(out);
            float[] values = embedding.weight().toFloatArray();
            AtomicFiles.writeString(out.resolve(TENSOR_FILE), tensor(values, embedding.rows(), embedding.dimension()));
            AtomicFiles.writeString(out.resolve(METADATA_FILE), metadata(embedding, loaded.tokenizer()));
            loaded.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            spec.commandLine().getOut().printf("Wrote %d rows x %d to %s: %s, %s%n", embedding.rows(),
                    embedding.dimension(), out, TENSOR_FILE, METADATA_FILE);
            if (loaded.tokenizer().isEmpty()) {
                spec.commandLine().getErr().println("warning: " + folder + " has no tokenizer/: rows are named by id");
            }
        }
        return 0;
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
            String token = row < tokens ? visible(tokenizer.get().vocabulary().token(row)) : "<row " + row + ">";
            text.append(token).append('\t').append(embedding.rowOrigin(row).label()).append('\n');
        }
        return text.toString();
    }

    /**
     * Tabs and line breaks would split a TSV cell; an empty cell shifts TensorBoard's labels: both are escaped.
     */
    static String visible(String token) {
        if (token.isEmpty()) {
            return "<empty>";
        }
        return token.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
