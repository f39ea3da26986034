package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.io.HostTensor;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.BertConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the encoder and writes hidden states or pooled vectors. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Write the model's last hidden states (with the attention mask) or pooled vectors.",
                "With --embeddings the loaded embedding and the tokenizer saved with it are used."},
        footer = {"%nExamples:",
                "  embedding-studio embed --model models/bert-base-uncased \\",
                "      --embeddings embeddings/german --input sentences.txt \\",
                "      --pooling mean --out vectors.safetensors",
                "  embedding-studio embed --model models/bert-base-uncased \\",
                "      --ids \"101,2023,102;101,102\" --out hidden.json"})
final class EmbedCommand implements Callable<Integer> {
    /** Exactly one way to give the sequences. */
    static final class Sequences {
        @Option(names = "--text", paramLabel = "T", description = "A text to encode; repeat for a batch.")
        List<String> texts;

        @Option(names = "--input", paramLabel = "FILE", description = "A UTF-8 file with one text per line.")
        Path input;

        @Option(names = "--ids", paramLabel = "IDS",
                description = "Token ids, ',' between ids and ';' between sequences: \"101,2023,102;101,102\".")
        String ids;
    }

    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--embeddings", paramLabel = "DIR", description = "Embeddings folder to use instead of the "
            + "model's own embedding.")
    Path embeddings;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sequences sequences;

    @Option(names = "--pooling", defaultValue = "none", paramLabel = "none|cls|mean|last",
            description = "none: every token's hidden state; cls: the first token's; mean: the mean over unmasked "
                    + "tokens; last: the last token's (decoders). Default: ${DEFAULT-VALUE}.")
    Pooling pooling;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Sequences per forward pass; lower it if memory runs short. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output file: FILE.safetensors or FILE.json.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!TensorOutput.supports(out)) {
            throw new ParameterException(spec.commandLine(), "--out must end in .safetensors or .json: " + out);
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, not " + batchSize);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (model.isDecoder()) {
            return embedWithDecoder(stdout);
        }
        try (AdapterModel adapterModel = model.open()) {
            Tokenizer tokenizer = embeddings == null ? adapterModel.activeTokenizer().orElse(null)
                    : Inputs.embeddings(adapterModel, embeddings).orElse(null);
            long[][] ids;
            long[][] typeIds = null;
            if (sequences.ids != null) {
                ids = TokenIdList.parse(sequences.ids);
                TokenIdList.checkRange(ids, adapterModel.vocabSize(), adapterModel.activeEmbeddings());
                checkLength(ids, maxTokens(adapterModel.config()));
            } else {
                int maxTokens = maxTokens(adapterModel.config());
                TextEncoder.Encoded encoded = TextEncoder.encode(requireTokenizer(tokenizer), texts(), maxTokens);
                if (encoded.truncated() > 0) {
                    spec.commandLine().getErr().printf("warning: %d of %d texts were longer than the model's %d "
                            + "positions and were truncated%n", encoded.truncated(), encoded.encodings().size(),
                            maxTokens);
                }
                ids = encoded.encodings().stream().map(Encoding::ids).toArray(long[][]::new);
                typeIds = encoded.encodings().stream().map(Encoding::typeIds).toArray(long[][]::new);
            }
            long padId = tokenizer != null && tokenizer.padTokenId().isPresent() ? tokenizer.padTokenId().getAsInt()
                    : adapterModel.config().padTokenId();
            Map<String, HostTensor> tensors = BatchedForward.run(adapterModel, ids, typeIds, padId, pooling,
                    batchSize);
            TensorOutput.write(out, tensors);
            stdout.printf("Embedded %d sequence%s with embedding '%s'%n", ids.length, ids.length == 1 ? "" : "s",
                    adapterModel.activeEmbeddings());
            tensors.forEach((name, tensor) -> stdout.printf("  %-18s %s %s%n", name, tensor.dtype(),
                    TensorFileInfo.shape(tensor.shape())));
            stdout.println("Wrote " + out);
        }
        return 0;
    }

    /** A decoder's final hidden states (after its last norm), right-padded batches with a causal mask. */
    private int embedWithDecoder(PrintWriter stdout) throws IOException {
        if (pooling == Pooling.CLS) {
            throw new ParameterException(spec.commandLine(), "--pooling cls takes the first token, which in a "
                    + "decoder has seen only itself: use mean or last");
        }
        try (DecoderModel decoder = model.openDecoder()) {
            Tokenizer tokenizer = embeddings == null ? decoder.tokenizer().orElse(null)
                    : Inputs.decoderEmbeddings(decoder, embeddings);
            int maxTokens = decoder.config().maxPositionEmbeddings();
            long[][] ids;
            if (sequences.ids != null) {
                ids = TokenIdList.parse(sequences.ids);
                TokenIdList.checkRange(ids, decoder.config().vocabSize(), decoder.activeEmbeddings());
                checkLength(ids, maxTokens);
            } else {
                ids = TextEncoder.encode(requireTokenizer(tokenizer), texts(), maxTokens).encodings().stream()
                        .map(Encoding::ids).toArray(long[][]::new);
            }
            // A padded position is masked out of every real token's attention, so any row serves as padding.
            long padId = tokenizer != null && tokenizer.padTokenId().isPresent() ? tokenizer.padTokenId().getAsInt()
                    : 0;
            Map<String, HostTensor> tensors = BatchedForward.run(decoder, ids, padId, pooling, batchSize);
            TensorOutput.write(out, tensors);
            stdout.printf("Embedded %d sequence%s with embedding '%s'%n", ids.length, ids.length == 1 ? "" : "s",
                    decoder.activeEmbeddings());
            stdout.println("Wrote " + out);
        }
        return 0;
    }

    private Tokenizer requireTokenizer(Tokenizer tokenizer) {
        if (tokenizer != null) {
            return tokenizer;
        }
        throw new InputException(embeddings != null
                ? embeddings + ": these embeddings were saved without a tokenizer/ folder, so text cannot be "
                        + "encoded for them: give --ids"
                : model + ": the model folder holds no tokenizer (tokenizer.json, vocab.txt or vocab.json): "
                        + "give --ids, or --embeddings with a tokenizer");
    }

    private List<String> texts() throws IOException {
        return sequences.texts != null ? sequences.texts : TextEncoder.readLines(sequences.input);
    }

    /** RoBERTa's positions start after the padding id, so it has fewer usable positions than it has rows. */
    private static int maxTokens(BertConfig config) {
        return config.architecture().positionsFollowPadding()
                ? config.maxPositionEmbeddings() - config.padTokenId() - 1
                : config.maxPositionEmbeddings();
    }

    private static void checkLength(long[][] ids, int maxTokens) {
        for (int s = 0; s < ids.length; s++) {
            if (ids[s].length > maxTokens) {
                throw new InputException("--ids: sequence " + (s + 1) + " has " + ids[s].length
                        + " ids but the model has " + maxTokens + " positions");
            }
        }
        if (Arrays.stream(ids).anyMatch(sequence -> sequence.length == 0)) {
            throw new InputException("--ids: a sequence is empty");
        }
    }
}
