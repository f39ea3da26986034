package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.hub.HubContent;
import org.embeddingstudio.core.hub.HubFile;
import org.embeddingstudio.core.hub.HubRepoId;
import org.embeddingstudio.core.hub.HubSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Fetches a model (or its tokenizer) from the Hugging Face Hub into the cache Python's transformers reads too. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Fetch a model from the Hugging Face Hub (or the mirror HF_ENDPOINT names) into the Hugging "
                + "Face cache (HF_HOME, default ~/.cache/huggingface/hub), where transformers finds it too. Only "
                + "the files a model needs are fetched: config.json, the PyTorch weights (safetensors preferred, "
                + "shards included) and the tokenizer files. Every file's size and hash are checked; an "
                + "interrupted download resumes. Prints the files and, last, the snapshot folder.",
                "HF_TOKEN gives access to gated and private models; with HF_HUB_OFFLINE=1 only the cache is used."},
        footer = {"%nExamples:", "  embedding-studio download bert-base-multilingual-cased",
                "  embedding-studio download someone/sinhala-tokenizer --tokenizer-only",
                "  embedding-studio download xlm-roberta-base --revision e73636d"})
final class DownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "Model id: owner/name or name, optionally @revision.")
    String id;

    @Option(names = "--revision", paramLabel = "R", description = "Branch, tag or commit (default: main).")
    String revision;

    @Option(names = "--tokenizer-only", description = "Fetch only the tokenizer files.")
    boolean tokenizerOnly;

    @Override
    public Integer call() throws IOException {
        HubRepoId repo = HubRepoId.tryParse(id).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "'" + id + "' is not a Hugging Face Hub model id: expected owner/name or name, optionally @revision"));
        if (revision != null) {
            if (id.contains("@") && !repo.revision().equals(revision)) {
                throw new ParameterException(spec.commandLine(), "the id pins revision " + repo.revision()
                        + " and --revision asks for " + revision + ": give one");
            }
            try {
                repo = repo.at(revision);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        HubSnapshot snapshot = HubSources.of(spec).download(repo,
                tokenizerOnly ? HubContent.TOKENIZER : HubContent.MODEL, spec.commandLine().getErr());
        stdout.println(repo.id() + " @ " + snapshot.commit()
                + (snapshot.fromCache() ? " (from the cache: the Hub was not asked)" : ""));
        for (HubFile file : snapshot.files()) {
            stdout.printf("  %-40s %10s%n", file.path(), file.size() >= 0 ? FileSizes.format(file.size()) : "");
        }
        stdout.println(snapshot.folder());
        return 0;
    }
}
