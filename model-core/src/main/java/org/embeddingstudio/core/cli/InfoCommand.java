package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.embedding.EmbeddingFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Says what a path holds, choosing the description by what is found there. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe a model folder, a tokenizer (file or folder), an embeddings folder, or a single "
                + "torch.save (.pt/.bin) or safetensors file.",
                "Pickles are read by a restricted unpickler: a file asking for anything but tensors is refused."},
        footer = {"%nExamples:", "  embedding-studio info models/bert-base-uncased",
                "  embedding-studio info embeddings/german/embedding.pt"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "What to describe.")
    Path path;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Inputs.existing(path);
        if (Files.isDirectory(path)) {
            describeFolder(stdout);
        } else {
            describeFile(stdout);
        }
        return 0;
    }

    private void describeFolder(PrintWriter stdout) throws IOException {
        if (Files.isRegularFile(path.resolve("config.json"))) {
            ModelFolderInfo.print(path, stdout);
        } else if (Files.isRegularFile(path.resolve(EmbeddingFiles.PT_FILE))
                || Files.isRegularFile(path.resolve(EmbeddingFiles.SAFETENSORS_FILE))) {
            EmbeddingFolderInfo.print(path, stdout);
        } else if (TokenizerInfo.isTokenizerFolder(path)) {
            TokenizerInfo.print(path, stdout);
        } else {
            throw new InputException(path + ": not a model folder (config.json), an embeddings folder ("
                    + EmbeddingFiles.PT_FILE + " or " + EmbeddingFiles.SAFETENSORS_FILE
                    + ") or a tokenizer folder (tokenizer.json, vocab.txt or vocab.json)");
        }
    }

    private void describeFile(PrintWriter stdout) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            TensorFileInfo.printSafetensors(path, stdout);
        } else if (name.endsWith(".json") || name.endsWith(".txt")) {
            TokenizerInfo.print(path, stdout);
        } else {
            // .pt, .bin, .pth, .ckpt or no telling extension: torch.save is the format such files usually have,
            // and the reader refuses anything else with a message naming the file.
            TensorFileInfo.printTorch(path, stdout);
        }
    }
}
