package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a {@link Tokenizer} from the files Hugging Face models ship with:
 * <ul>
 *   <li>a {@code tokenizer.json} (WordPiece, BPE or Unigram model);</li>
 *   <li>a BERT {@code vocab.txt}, honouring {@code do_lower_case}, {@code strip_accents} and
 *       {@code tokenize_chinese_chars} from a {@code tokenizer_config.json} beside it (lower-casing by default, as
 *       {@code BertTokenizer} does);</li>
 *   <li>a GPT-2 / RoBERTa / CLIP {@code vocab.json} with {@code merges.txt} beside it;</li>
 *   <li>a folder holding any of these, a tokenizer.json preferred.</li>
 * </ul>
 * Special tokens come from {@code tokenizer_config.json} and {@code special_tokens_map.json} in the same folder.
 * Everything is checked in Java before the native library sees it, so any unusable file is reported as a
 * {@link FileFormatException} that names the file and the problem.
 */
public final class TokenizerLoader {
    private static final String VOCAB_TXT = "vocab.txt";
    private static final String VOCAB_JSON = "vocab.json";
    private static final String MERGES_TXT = "merges.txt";

    private TokenizerLoader() {
    }

    /**
     * Loads the tokenizer at {@code path} (a file or a folder).
     *
     * @throws FileFormatException  when the files are not a usable tokenizer
     * @throws NoSuchFileException  when {@code path} does not exist
     * @throws IOException          when the files cannot be read
     */
    public static Tokenizer load(Path path) throws IOException {
        try {
            return loadChecked(path);
        } catch (RuntimeException e) {
            // A check we do not have yet must still surface as a bad file, never as a crash.
            throw new FileFormatException(path, "cannot be used as a tokenizer: " + e, e);
        }
    }

    /**
     * Loads a tokenizer.json held in memory, such as a classpath resource. With no folder around it there is no
     * tokenizer_config.json: special tokens and settings come from the document alone.
     *
     * @param source names the document in messages and in {@link Tokenizer#source()}
     * @throws FileFormatException when the document is not a usable tokenizer
     */
    public static Tokenizer load(Path source, byte[] tokenizerJson) throws FileFormatException {
        try {
            return create(source, TokenizerDocumentReader.parse(source, tokenizerJson), TokenizerSettings.none());
        } catch (RuntimeException e) {
            throw new FileFormatException(source, "cannot be used as a tokenizer: " + e, e);
        }
    }

    /** A BERT WordPiece tokenizer for vocab.txt lines held in memory (id = index), such as a trained vocabulary. */
    static Tokenizer wordPiece(Path source, List<String> tokens, TokenizerSettings settings)
            throws FileFormatException {
        try {
            return create(source, WordPieceDocumentBuilder.build(source, tokens, settings), settings);
        } catch (RuntimeException e) {
            throw new FileFormatException(source, "cannot be used as a tokenizer: " + e, e);
        }
    }

    /**
     * A byte-level BPE tokenizer for a vocabulary (id = index) and merges ({@code "left right"}) held in memory, such
     * as a trained one; the special tokens and their roles come from {@code settings} alone.
     */
    static Tokenizer byteLevelBpe(Path source, List<String> tokens, List<String> merges, TokenizerSettings settings)
            throws FileFormatException {
        try {
            return create(source, ByteLevelBpeDocumentBuilder.build(source, tokens, merges, settings), settings);
        } catch (RuntimeException e) {
            throw new FileFormatException(source, "cannot be used as a tokenizer: " + e, e);
        }
    }

    private static Tokenizer loadChecked(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return loadFolder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        Path folder = path.toAbsolutePath().getParent();
        String name = path.getFileName().toString();
        if (name.equals(VOCAB_JSON)) {
            return loadBpe(path, folder.resolve(MERGES_TXT), path);
        }
        if (name.endsWith(".json")) {
            return loadDocument(path, folder);
        }
        if (name.endsWith(".txt")) {
            return loadWordPiece(path, folder);
        }
        throw new FileFormatException(path, "is not a tokenizer.json, vocab.txt or vocab.json");
    }

    private static Tokenizer loadFolder(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve(HuggingFaceLayoutWriter.TOKENIZER_FILE))) {
            return loadDocument(folder.resolve(HuggingFaceLayoutWriter.TOKENIZER_FILE), folder);
        }
        if (Files.isRegularFile(folder.resolve(VOCAB_TXT))) {
            return loadWordPiece(folder.resolve(VOCAB_TXT), folder);
        }
        if (Files.isRegularFile(folder.resolve(VOCAB_JSON))) {
            return loadBpe(folder.resolve(VOCAB_JSON), folder.resolve(MERGES_TXT), folder);
        }
        throw new FileFormatException(folder, "holds no tokenizer.json, vocab.txt or vocab.json + merges.txt");
    }

    private static Tokenizer loadDocument(Path file, Path folder) throws IOException {
        TokenizerSettings settings = TokenizerSettings.readFrom(folder);
        return create(file, TokenizerDocumentReader.parse(file), settings);
    }

    private static Tokenizer loadWordPiece(Path vocabFile, Path folder) throws IOException {
        TokenizerSettings settings = TokenizerSettings.readFrom(folder);
        return create(vocabFile, WordPieceDocumentBuilder.build(vocabFile, settings), settings);
    }

    private static Tokenizer loadBpe(Path vocabFile, Path mergesFile, Path source) throws IOException {
        if (!Files.isRegularFile(mergesFile)) {
            throw new FileFormatException(vocabFile, "needs a merges.txt beside it for byte-level BPE");
        }
        TokenizerSettings settings = TokenizerSettings.readFrom(vocabFile.toAbsolutePath().getParent());
        return create(source, ByteLevelBpeDocumentBuilder.build(vocabFile, mergesFile, settings), settings);
    }

    private static Tokenizer create(Path source, ObjectNode document, TokenizerSettings settings)
            throws FileFormatException {
        Vocabulary vocabulary = TokenizerDocumentReader.vocabulary(source, document, settings);
        return new Tokenizer(source, document, vocabulary, settings.modelMaxLength(), settings.chatTemplate());
    }
}
