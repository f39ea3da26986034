package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the lines of a vocabulary text file the way Python's {@code open(f, encoding="utf-8")} does. */
final class Utf8Lines {
    private Utf8Lines() {
    }

    /**
     * All lines without their terminators ({@code \n}, {@code \r\n} or {@code \r}, Python's universal newlines).
     * A final line terminator does not start another line, so {@code "a\nb\n"} has two lines.
     */
    static List<String> read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        // newBufferedReader decodes strictly: a vocabulary in another encoding must fail, not be mangled.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "is not UTF-8 text", e);
        }
        return lines;
    }
}
