package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.PythonTorch;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Embedding folders cross between this library and Python's adapters (emulated with real PyTorch). */
class AdaptersInteropTest {
    @TempDir
    Path temp;

    @Test
    void pythonsLoadEmbeddingsReadsWhatWeSaveBitForBit() throws Exception {
        PythonTorch.require();
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Tokenizer other = TestTokenizers.wordPiece(temp.resolve("other"), List.of("hund", "katze", "the", "mat"));
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 1)) {
            model.addEmbeddings("other", other, "default", english);
            Path folder = temp.resolve("saved");
            model.saveEmbeddings(folder, "other", other);
            String line = PythonTorch.run(AdaptersInteropTest.class, "adapters_embeddings.py", "load",
                    folder.toString()).strip();
            float[] weight = model.read(p -> p.embedding("other").weight().toFloatArray());
            assertEquals(other.vocabulary().size() + " 32 " + sha256(weight), lastLine(line));
        }
    }

    @Test
    void anEmbeddingSavedByPythonLoadsHereBitForBit() throws Exception {
        PythonTorch.require();
        Tokenizer english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        Path folder = temp.resolve("from-python");
        String line = lastLine(PythonTorch.run(AdaptersInteropTest.class, "adapters_embeddings.py", "save",
                folder.toString(), "40", "32"));
        try (AdapterModel model = AdapterModel.random(BertConfig.of(Architecture.BERT, 1, 32, 1, 4, 37, 64), english,
                Device.cpu(), 1)) {
            model.loadEmbeddings(folder, "python");
            assertEquals("python", model.activeEmbeddings());
            assertEquals(line, "40 32 " + sha256(model.read(p -> p.embedding("python").weight().toFloatArray())));
        }
    }

    static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static String sha256(float[] values) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
