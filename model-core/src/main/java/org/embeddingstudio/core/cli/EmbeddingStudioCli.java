package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.engine.NativeAllocator;
import org.embeddingstudio.core.engine.NativeMemory;
import org.embeddingstudio.core.hub.HubSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The headless {@code embedding-studio} command: the operations of the desktop app for scripts. Exit codes: 0 on
 * success, 1 when an input file or value cannot be used, 2 for command-line usage errors (as picocli does).
 */
@Command(name = "embedding-studio", mixinStandardHelpOptions = true, version = "Embedding Studio 0.1.0",
        description = {"Named token embeddings for BERT-family models, as AdapterHub's adapters library makes them.",
            "Decoder models (GPT-2, Llama, Mistral, Qwen2, Gemma, Gemma 2) open with info, generate, "
                    + "add-embeddings, embed, overlap and evaluate --text."},
        subcommands = {InfoCommand.class, DownloadCommand.class, AddEmbeddingsCommand.class, EmbedCommand.class,
                FillMaskCommand.class, GenerateCommand.class,
                TrainCommand.class, EvaluateCommand.class,
                ProjectorCommand.class,
                OverlapCommand.class, TrainTokenizerCommand.class,
                CommandLine.HelpCommand.class})
public final class EmbeddingStudioCli implements Runnable {
    static final String VERBOSE = "--verbose";

    // Declared here only so that it shows in help and is accepted everywhere; run() reads it before parsing,
    // because logging must be configured before any class that logs is loaded.
    @Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Show engine logging and the stack trace of any error.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final PrintWriter out;
    private final PrintWriter err;
    private final HubSources hubSources;

    /** A command that prints results to {@code out} and problems to {@code err}. */
    public EmbeddingStudioCli(PrintWriter out, PrintWriter err) {
        this(out, err, HubSettings.fromSystem());
    }

    /** A command that fetches Hub models as {@code hub} says (endpoint, cache, token, offline). */
    public EmbeddingStudioCli(PrintWriter out, PrintWriter err, HubSettings hub) {
        this.out = out;
        this.err = err;
        this.hubSources = new HubSources(hub);
    }

    HubSources hubSources() {
        return hubSources;
    }

    public static void main(String[] args) {
        NativeAllocator.relaunchUnderTcmalloc(EmbeddingStudioCli.class);
        NativeMemory.keepFreedMemory();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(new EmbeddingStudioCli(out, err).run(args));
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public int run(String... args) {
        boolean verboseRun = Arrays.asList(args).contains(VERBOSE);
        RuntimeDefaults.apply(verboseRun);
        CommandLine commandLine = new CommandLine(this)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new UsageErrorReporter())
                .setExecutionExceptionHandler(new ErrorReporter(verboseRun));
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Without a subcommand there is nothing to do: that is a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
