package org.embeddingstudio.core.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.ModelLoader;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens what a command line names, checking first that it exists, so that a typo reads "no such folder" rather
 * than a complaint about a file inside it.
 */
final class Inputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name a loaded embeddings folder gets in the model; the model's own is "default". */
    static final String LOADED_EMBEDDING = "loaded";

    private Inputs() {
    }

    /** A Hugging Face model folder on the given device. */
    static AdapterModel model(Path folder, Device device) throws IOException {
        return ModelLoader.load(absolute(existingFolder(folder)), device);
    }

    /** A decoder model folder (GPT-2, Llama family). */
    static DecoderModel decoder(Path folder, Device device) throws IOException {
        return DecoderModel.load(absolute(existingFolder(folder)), device);
    }

    /** Loads an embeddings folder into a decoder and makes it active; it needs its tokenizer to encode text. */
    static Tokenizer decoderEmbeddings(DecoderModel model, Path folder) throws IOException {
        return model.loadEmbeddings(absolute(existingFolder(folder)), LOADED_EMBEDDING).orElseThrow(() ->
                new InputException(folder + " holds no tokenizer/ folder: text cannot be encoded for it"));
    }

    /** Whether {@code folder}'s config.json names a decoder family (an unreadable one is left to the loader). */
    static boolean isDecoderFolder(Path folder) {
        try {
            return JSON.readTree(folder.resolve("config.json").toFile()) instanceof ObjectNode json
                    && DecoderConfig.isDecoder(json);
        } catch (IOException e) {
            return false;
        }
    }

    /** A tokenizer file or folder. */
    static Tokenizer tokenizer(Path path) throws IOException {
        return TokenizerLoader.load(absolute(existing(path)));
    }

    /** Loads an embeddings folder into {@code model} and makes it active; returns the tokenizer saved with it. */
    static Optional<Tokenizer> embeddings(AdapterModel model, Path folder) throws IOException {
        return model.loadEmbeddings(absolute(existingFolder(folder)), LOADED_EMBEDDING);
    }

    /** The core records where a model or tokenizer came from; a relative path would mean nothing there later. */
    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    static Path existingFolder(Path folder) throws NoSuchFileException {
        if (!Files.isDirectory(existing(folder))) {
            throw new InputException(folder + ": is a file, but a folder is needed here");
        }
        return folder;
    }

    static Path existing(Path path) throws NoSuchFileException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return path;
    }
}
