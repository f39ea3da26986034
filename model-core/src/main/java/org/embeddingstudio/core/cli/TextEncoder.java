package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the texts {@code embed} is given and encodes them to fit the model's positions. */
final class TextEncoder {
    /** The encodings, and how many texts had to be cut to fit. */
    record Encoded(List<Encoding> encodings, int truncated) {
    }

    private TextEncoder() {
    }

    /** One text per non-blank line of a UTF-8 file. */
    static List<String> readLines(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Inputs.existing(file));
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": is not UTF-8 text");
        }
        List<String> texts = lines.stream().filter(line -> !line.isBlank()).toList();
        if (texts.isEmpty()) {
            throw new InputException(file + ": holds no text (one text per line is expected)");
        }
        return texts;
    }

    /**
     * Encodes with special tokens; a text longer than {@code maxTokens} is truncated as transformers'
     * {@code truncation=True} does (its closing special token kept), and counted so the user can be told.
     */
    static Encoded encode(Tokenizer tokenizer, List<String> texts, int maxTokens) {
        // Unpadded: TokenBatch pads and masks, and a padded encoding would look longer than its text.
        List<Encoding> encodings = new ArrayList<>(tokenizer.encodeBatch(texts, EncodeOptions.defaults()));
        int truncated = 0;
        for (int i = 0; i < encodings.size(); i++) {
            if (encodings.get(i).length() > maxTokens) {
                encodings.set(i, tokenizer.encode(texts.get(i), EncodeOptions.defaults().truncatedTo(maxTokens)));
                truncated++;
            }
        }
        return new Encoded(encodings, truncated);
    }
}
