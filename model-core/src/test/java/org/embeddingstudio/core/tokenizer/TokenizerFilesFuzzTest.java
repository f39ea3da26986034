package org.embeddingstudio.core.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.embeddingstudio.core.io.FuzzedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz targets for the tokenizer files. What the Java checks accept goes on to DJL's native Rust tokenizer, which
 * must then encode and decode without aborting the JVM: that is the proof the validation in front of it is enough.
 */
class TokenizerFilesFuzzTest {
    private static final String SAMPLE = "Héllo wörld, unaffable 東京 tokens!  \t#42 <mask> [SEP]";

    @FuzzTest
    void tokenizerJson(byte[] bytes) {
        Path file = FuzzedFiles.write("tokenizer.json", bytes);
        FuzzedFiles.readOrRefused(file, () -> loadAndEncode(file));
    }

    @FuzzTest
    void vocabTxt(byte[] bytes) {
        Path file = FuzzedFiles.write("vocab.txt", bytes);
        FuzzedFiles.readOrRefused(file, () -> loadAndEncode(file));
    }

    /** The input is vocab.json, a NUL byte, then merges.txt (neither file can use a raw NUL itself). */
    @FuzzTest
    void vocabJsonAndMerges(byte[] bytes) throws IOException {
        int split = indexOfNul(bytes);
        Path folder = FuzzedFiles.folder("bpe");
        Files.write(folder.resolve("vocab.json"), Arrays.copyOfRange(bytes, 0, split));
        Files.write(folder.resolve("merges.txt"), Arrays.copyOfRange(bytes, Math.min(split + 1, bytes.length),
                bytes.length));
        FuzzedFiles.readOrRefused(folder, () -> loadAndEncode(folder));
    }

    private static void loadAndEncode(Path path) throws IOException {
        try (Tokenizer tokenizer = TokenizerLoader.load(path)) {
            Encoding encoding;
            try {
                encoding = tokenizer.encode(SAMPLE);
            } catch (IllegalArgumentException e) {
                // A usable tokenizer may still be unable to encode some text (a Unigram model without unk_id meets
                // an unknown character): a typed error for that text, which is all we ask of it.
                if (e.getMessage().startsWith("the tokenizer could not encode the input")) {
                    return;
                }
                throw e;
            }
            long[] ids = encoding.ids();
            for (long id : ids) {
                if (id < 0 || id >= tokenizer.vocabulary().size()) {
                    throw new AssertionError("the native tokenizer produced id " + id + " outside the vocabulary of "
                            + tokenizer.vocabulary().size());
                }
            }
            tokenizer.decode(ids, false);
        }
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }
}
