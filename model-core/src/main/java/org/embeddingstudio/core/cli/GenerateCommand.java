package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.generation.GenerationOptions;
import org.embeddingstudio.core.generation.IncrementalDecoder;
import org.embeddingstudio.core.generation.TextGenerator;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Continues a prompt with a decoder model, printing the text as the tokens come. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt with a decoder model (GPT-2, Llama, Mistral, Qwen2, Gemma): greedy by "
                + "default, sampled with --temperature.",
                "The prompt is encoded with the model's tokenizer and its special tokens (a BOS token where the "
                        + "tokenizer adds one); generation stops at an end-of-sequence token or --max-new-tokens."},
        footer = {"%nExamples:", "  embedding-studio generate --model models/SmolLM2-135M --prompt \"The capital of\"",
                "  embedding-studio generate --model models/Qwen2.5-0.5B --prompt \"Once\" --temperature 0.8 --seed 7",
                "  embedding-studio generate --model models/SmolLM2-135M --embeddings embeddings/german \\",
                "      --prompt \"Der Hund\""})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The text to continue.")
    String prompt;

    @Option(names = "--embeddings", paramLabel = "DIR", description = "An embeddings folder (with its tokenizer/) "
            + "to generate with instead of the model's own: its input rows read the prompt, its output rows (or "
            + "the tied matrix) choose the tokens.")
    Path embeddings;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "32",
            description = "At most this many new tokens. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "0 for greedy decoding; above 0, sampling from softmax(logits / T). Default: "
                    + "${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "50",
            description = "When sampling, only the K most likely tokens (0: all). Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "The sampler's seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        GenerationOptions options;
        try {
            options = new GenerationOptions(maxNewTokens, temperature, topK, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (DecoderModel decoder = model.openDecoder()) {
            Tokenizer tokenizer = embeddings != null ? Inputs.decoderEmbeddings(decoder, embeddings)
                    : ModelOption.tokenizerOf(decoder);
            try (DecoderSnapshot active = decoder.snapshot(decoder.activeEmbeddings())) {
                generate(active, tokenizer, options, out);
            }
        }
        return 0;
    }

    private void generate(DecoderSnapshot decoder, Tokenizer tokenizer, GenerationOptions options, PrintWriter out) {
        long[] promptIds = tokenizer.encode(prompt).ids();
        IncrementalDecoder streamed = new IncrementalDecoder(tokenizer, promptIds);
        out.print(prompt);
        out.flush();
        long started = System.nanoTime();
        long[] generated = new TextGenerator(decoder, tokenizer.vocabulary()).generate(promptIds, options,
                id -> {
                    out.print(streamed.add(id));
                    out.flush();
                }, CancellationToken.none());
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(streamed.rest());
        out.flush();
        spec.commandLine().getErr().printf(Locale.ROOT, "%d new tokens in %.2f s (%.1f tokens/s, prompt %d "
                + "tokens)%n", generated.length, seconds, generated.length / seconds, promptIds.length);
    }
}
