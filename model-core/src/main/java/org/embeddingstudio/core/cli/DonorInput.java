package org.embeddingstudio.core.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.embedding.DonorEmbedding;
import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --donor} of {@code add-embeddings --init omp}: an embeddings folder (rows matched by its tokenizer/, or
 * by id without one) or a model folder, encoder or decoder (its word embeddings, a decoder's pair, and tokenizer).
 * Owns what it loaded until closed.
 */
final class DonorInput implements AutoCloseable {
    private final AutoCloseable owner;
    private final DonorEmbedding donor;

    private DonorInput(AutoCloseable owner, DonorEmbedding donor) {
        this.owner = owner;
        this.donor = donor;
    }

    static DonorInput load(Path folder, Device device) throws IOException {
        Path absolute = Inputs.existingFolder(folder).toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute.resolve(EmbeddingFiles.PT_FILE))
                || Files.isRegularFile(absolute.resolve(EmbeddingFiles.SAFETENSORS_FILE))) {
            NDManager manager = NDManager.newBaseManager(device);
            try {
                EmbeddingFiles.Loaded loaded = EmbeddingFiles.load(absolute, manager, EmbeddingFiles.ANY_DIMENSION);
                return new DonorInput(manager, new DonorEmbedding(loaded.embedding(), absolute.toString()));
            } catch (IOException | RuntimeException e) {
                manager.close();
                throw e;
            }
        }
        if (Inputs.isDecoderFolder(absolute)) {
            // A decoder donor gives both sides: OMP fits a pair's output rows from the donor's output rows.
            DecoderModel decoder = Inputs.decoder(absolute, device);
            return new DonorInput(decoder, decoder.donorEmbedding("default", absolute.toString()));
        }
        AdapterModel model = Inputs.model(absolute, device);
        return new DonorInput(model, model.donorEmbedding("default", absolute.toString()));
    }

    DonorEmbedding donor() {
        return donor;
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
