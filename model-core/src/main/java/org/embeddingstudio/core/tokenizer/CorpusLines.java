package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A training corpus: a UTF-8 text file, one text per line, blank lines and a byte-order mark skipped. */
public final class CorpusLines {
    private CorpusLines() {
    }

    /**
     * The non-blank lines of {@code file}.
     *
     * @throws FileFormatException when the file is missing, not UTF-8, or has no text
     */
    public static List<String> read(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    // A byte-order mark is not text; Notepad and the Gutenberg files start with one.
                    String text = lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
                    if (!text.isBlank()) {
                        texts.add(text);
                    }
                }
            } catch (CharacterCodingException e) {
                throw new FileFormatException(file, "is not UTF-8 text (near line " + (lineNumber + 1) + ")");
            }
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file, "does not exist");
        }
        if (texts.isEmpty()) {
            throw new FileFormatException(file, "has no text to train on");
        }
        return texts;
    }
}
