package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.decoder.DecoderConfig;
import org.embeddingstudio.core.decoder.RopeScaling;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.embeddingstudio.core.transformer.BertConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code info} for a Hugging Face model folder: the config, the weight files and the tokenizer. The weights are
 * listed, not read, so that describing a large model is instant.
 */
final class ModelFolderInfo {
    private static final List<String> WEIGHT_SUFFIXES = List.of(".safetensors", ".safetensors.index.json", ".bin",
            ".bin.index.json", ".pt", ".pth", ".h5", ".msgpack", ".ckpt");

    private ModelFolderInfo() {
    }

    static void print(Path folder, PrintWriter stdout) throws IOException {
        Path configFile = folder.resolve("config.json");
        if (Inputs.isDecoderFolder(folder)) {
            printDecoder(folder, DecoderConfig.read(configFile), stdout);
            return;
        }
        BertConfig config = BertConfig.read(configFile);
        stdout.println(folder + ": model folder");
        stdout.println("  architecture:   " + config.architecture().modelType());
        stdout.println("  layers:         " + config.numHiddenLayers());
        stdout.println("  hidden size:    " + config.hiddenSize());
        stdout.println("  heads:          " + config.numAttentionHeads());
        stdout.println("  intermediate:   " + config.intermediateSize());
        stdout.println("  vocab size:     " + config.vocabSize());
        stdout.println("  max positions:  " + config.maxPositionEmbeddings());
        printFiles(folder, stdout);
    }

    /** A decoder's config as a researcher checks it: attention layout, RoPE, and whether the head is tied. */
    private static void printDecoder(Path folder, DecoderConfig config, PrintWriter stdout) throws IOException {
        stdout.println(folder + ": decoder model folder");
        stdout.println("  architecture:   " + config.family().modelType());
        stdout.println("  layers:         " + config.numHiddenLayers());
        stdout.println("  hidden size:    " + config.hiddenSize());
        stdout.println("  heads:          " + config.numAttentionHeads() + " query, " + config.keyValueHeads()
                + " key/value, " + config.headDim() + " wide");
        stdout.println("  intermediate:   " + config.intermediateSize() + " (" + config.hiddenAct() + ")");
        stdout.println("  vocab size:     " + config.vocabSize() + " rows");
        stdout.println("  output rows:    " + (config.tieWordEmbeddings() ? "tied to the input embeddings"
                : "a head of their own (lm_head)"));
        stdout.println("  max positions:  " + config.maxPositionEmbeddings());
        if (!config.family().isGpt2()) {
            RopeScaling rope = config.ropeScaling();
            stdout.println("  RoPE:           theta " + config.ropeTheta() + ("default".equals(rope.type()) ? ""
                    : ", " + rope.type() + " scaling × " + rope.factor()));
        }
        config.slidingWindows().stream().filter(w -> w > 0).findFirst().ifPresent(window -> stdout.println(
                "  sliding window: " + window + " tokens"));
        printFiles(folder, stdout);
    }

    private static void printFiles(Path folder, PrintWriter stdout) throws IOException {
        List<Path> weights = weightFiles(folder);
        stdout.println("  weight files:" + (weights.isEmpty() ? "   none" : ""));
        for (Path file : weights) {
            stdout.printf("    %-28s %s%n", file.getFileName(), FileSizes.format(Files.size(file)));
        }
        if (TokenizerInfo.isTokenizerFolder(folder)) {
            try (Tokenizer tokenizer = TokenizerLoader.load(folder)) {
                stdout.println("  tokenizer:      " + Path.of(tokenizer.source()).getFileName());
                TokenizerInfo.printSummary(tokenizer, stdout, "    ");
            }
        } else {
            stdout.println("  tokenizer:      none (no tokenizer.json, vocab.txt or vocab.json)");
        }
    }

    private static List<Path> weightFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> WEIGHT_SUFFIXES.stream().anyMatch(
                            suffix -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix)))
                    .sorted()
                    .toList();
        }
    }
}
