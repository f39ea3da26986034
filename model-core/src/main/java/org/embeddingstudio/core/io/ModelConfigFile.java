package org.embeddingstudio.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** A model's {@code config.json}, read into a config record with the file named in every error. */
public final class ModelConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConfigFile() {
    }

    /**
     * Reads {@code file} as a JSON object and builds the config from it; an {@link IllegalArgumentException} of
     * {@code parse} (a missing key, a value out of range) becomes a {@link FileFormatException} naming the file.
     */
    public static <T> T read(Path file, Function<ObjectNode, T> parse) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new FileFormatException(file, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new FileFormatException(file, "a model config must be a JSON object");
        }
        try {
            return parse.apply(object);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }
}
