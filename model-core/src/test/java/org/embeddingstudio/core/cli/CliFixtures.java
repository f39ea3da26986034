package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.io.Safetensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Model folders, tokenizers and hostile files for the command tests, and a way to run a command line. */
final class CliFixtures {
    static final Path TINY_BERT = Path.of("src/test/resources/reference/tiny-bert");
    static final int VOCAB = 99;
    static final int HIDDEN = 32;

    /** What a user sees after one command line. */
    record Run(int exitCode, String out, String err) {
    }

    private CliFixtures() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new EmbeddingStudioCli(new PrintWriter(out), new PrintWriter(err)).run(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The tiny BERT with a 99-line vocab.txt: specials, English-ish words, then filler tokens. */
    static Path tinyModel(Path folder) throws IOException {
        Path model = copyTinyBert(folder);
        Files.write(model.resolve("vocab.txt"), vocabulary());
        return model;
    }

    /** The tiny BERT without any tokenizer, as it is stored in the test resources. */
    static Path copyTinyBert(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.copy(TINY_BERT.resolve(file), folder.resolve(file));
        }
        return folder;
    }

    /** The tiny BERT without its masked-LM head ("cls.*" weights), with the vocab.txt. */
    static Path tinyModelWithoutHead(Path folder) throws IOException {
        Path model = tinyModel(folder);
        Map<String, HostTensor> kept = new LinkedHashMap<>(Safetensors.read(model.resolve("model.safetensors"))
                .tensors());
        kept.keySet().removeIf(name -> name.startsWith("cls."));
        Safetensors.write(model.resolve("model.safetensors"), kept, Map.of("format", "pt"));
        return model;
    }

    static List<String> vocabulary() {
        List<String> lines = new ArrayList<>(TestTokenizers.SPECIALS);
        lines.addAll(TestTokenizers.words());
        for (int i = 0; lines.size() < VOCAB; i++) {
            lines.add("tok" + i);
        }
        return lines;
    }

    /** A second vocabulary sharing [PAD]..[MASK] and "the", "cat", "sat", "mat" with the model's. */
    static Path otherVocabulary(Path folder) throws IOException {
        List<String> lines = new ArrayList<>(TestTokenizers.SPECIALS);
        lines.addAll(List.of("the", "katze", "sat", "auf", "mat", "hund", "cat", "##en"));
        Files.createDirectories(folder);
        return Files.write(folder.resolve("vocab.txt"), lines);
    }

    /** A torch.save zip whose pickle asks for os.system, as a malicious checkpoint does. */
    static Path maliciousPickle(Path file) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[]{(byte) 0x80, 2});
        pickle.writeBytes("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL 'os system'
        pickle.write('(');
        byte[] command = "echo pwned".getBytes(StandardCharsets.US_ASCII);
        pickle.write('U'); // SHORT_BINSTRING
        pickle.write(command.length);
        pickle.writeBytes(command);
        pickle.write('t'); // TUPLE
        pickle.write('R'); // REDUCE
        pickle.write('.'); // STOP
        try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
            stored(zip, "archive/data.pkl", pickle.toByteArray());
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
