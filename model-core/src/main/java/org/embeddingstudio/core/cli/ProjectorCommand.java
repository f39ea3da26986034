package org.embeddingstudio.core.cli;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.analysis.ProjectorFiles;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** An embeddings folder as TensorBoard Embedding Projector files (https://projector.tensorflow.org/). */
@Command(name = "projector", mixinStandardHelpOptions = true,
        description = {"Write an embeddings folder as TensorBoard Embedding Projector files: tensor.tsv (one row per "
                + "line) and metadata.tsv (token and provenance of each row). Load both at "
                + "https://projector.tensorflow.org/ (Load → Choose file)."},
        footer = {"%nExample:", "  embedding-studio projector embeddings/german --out projector/german"})
final class ProjectorCommand implements Callable<Integer> {
    static final String TENSOR_FILE = ProjectorFiles.TENSOR_FILE;
    static final String METADATA_FILE = ProjectorFiles.METADATA_FILE;

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
            ProjectorFiles.write(embedding, loaded.tokenizer(), out);
            loaded.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            spec.commandLine().getOut().printf("Wrote %d rows x %d to %s: %s, %s%n", embedding.rows(),
                    embedding.dimension(), out, TENSOR_FILE, METADATA_FILE);
            if (loaded.tokenizer().isEmpty()) {
                spec.commandLine().getErr().println("warning: " + folder + " has no tokenizer/: rows are named by id");
            }
        }
        return 0;
    }
}
