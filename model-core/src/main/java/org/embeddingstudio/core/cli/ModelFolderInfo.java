package org.embeddingstudio.core.cli;

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
        BertConfig config = BertConfig.read(folder.resolve("config.json"));
        stdout.println(folder + ": model folder");
        stdout.println("  architecture:   " + config.architecture().modelType());
        stdout.println("  layers:         " + config.numHiddenLayers());
        stdout.println("  hidden size:    " + config.hiddenSize());
        stdout.println("  heads:          " + config.numAttentionHeads());
        stdout.println("  intermediate:   " + config.intermediateSize());
        stdout.println("  vocab size:     " + config.vocabSize());
        stdout.println("  max positions:  " + config.maxPositionEmbeddings());
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
