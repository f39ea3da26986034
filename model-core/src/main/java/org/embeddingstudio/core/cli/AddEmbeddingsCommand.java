package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.embedding.EmbeddingFiles;
import org.embeddingstudio.core.embedding.EmbeddingFormat;
import org.embeddingstudio.core.embedding.EmbeddingInitializer;
import org.embeddingstudio.core.embedding.EmbeddingOptions;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.embedding.TokenEmbedding;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.AddEmbeddingsSettings;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code add_embeddings} followed by {@code save_embeddings}: a new embedding folder for a new vocabulary. */
@Command(name = "add-embeddings", mixinStandardHelpOptions = true,
        description = {"Make an embedding for a tokenizer's vocabulary and save it with that tokenizer.",
                "Rows of tokens the reference tokenizer also has (same string) are copied from the reference "
                        + "embedding; the others are drawn from N(0, 0.02), or computed by --init."},
        footer = {"%nExample:",
                "  embedding-studio add-embeddings --model models/bert-base-uncased \\",
                "      --name german --tokenizer tokenizers/german/tokenizer.json \\",
                "      --reference default --seed 42 --out embeddings/german --format both",
                "  embedding-studio add-embeddings --model models/bert-base-uncased \\",
                "      --name german --tokenizer tokenizers/german/tokenizer.json \\",
                "      --reference default --init omp --donor models/german-bert --out embeddings/german"})
final class AddEmbeddingsCommand implements Callable<Integer> {
    /** The command's lower-case spelling of {@link EmbeddingFormat}. */
    enum Format {
        PT(EmbeddingFormat.PT), SAFETENSORS(EmbeddingFormat.SAFETENSORS), BOTH(EmbeddingFormat.BOTH);

        final EmbeddingFormat format;

        Format(EmbeddingFormat format) {
            this.format = format;
        }
    }

    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--name", required = true, description = "Name of the new embedding.")
    String name;

    @Option(names = "--tokenizer", required = true, paramLabel = "T",
            description = "Tokenizer of the new vocabulary: tokenizer.json, vocab.txt, vocab.json, a folder, or a "
                    + "Hugging Face Hub id (owner/name[@revision]).")
    Path tokenizer;

    @Option(names = "--reference", paramLabel = "NAME",
            description = "Embedding to copy shared tokens' rows from; the model's own is 'default'.")
    String reference;

    @Option(names = "--reference-tokenizer", paramLabel = "R", description = "Tokenizer of the reference "
            + "embedding (default: the one it has, e.g. the model folder's).")
    Path referenceTokenizer;

    @Option(names = "--dim", paramLabel = "D", description = "Embedding dimension (default: the model's hidden size).")
    Integer dimension;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the drawn rows (default: a fresh one, printed).")
    Long seed;

    @Option(names = "--init", defaultValue = "random", paramLabel = "random|fvt|mean|omp",
            description = "Rows not copied: random N(0, 0.02) (adapters' way), fvt (mean of the reference rows of "
                    + "the token's pieces under the reference tokenizer), mean (of all reference rows) or omp "
                    + "(sparse combination of copied tokens, fitted in --donor's space). Default: ${DEFAULT-VALUE}.")
    InitStrategy init;

    @Option(names = "--donor", paramLabel = "DIR", description = "For --init omp: an embeddings folder or a model "
            + "folder whose embedding was made for --tokenizer's vocabulary.")
    Path donor;

    @Option(names = "--mode", defaultValue = "exact", paramLabel = "exact|normalized",
            description = "How tokens match the reference: exact strings (adapters' way, the default) or normalized "
                    + "(##x, Ġx, ▁x, x</w> conventions understood; special tokens by role).")
    String mode;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to save the embedding in.")
    Path out;

    @Option(names = "--format", defaultValue = "pt", paramLabel = "pt|safetensors|both",
            description = "Weight file(s) to write: embedding.pt (what Python's adapters reads), "
                    + "embedding.safetensors, or both. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--zero-shot-text", paramLabel = "FILE", description = "Decoder models: held-out UTF-8 text "
            + "to measure in bits per byte under the new embedding and under 'default' (the zero-shot check).")
    Path zeroShotText;

    @Override
    public Integer call() throws Exception {
        if (referenceTokenizer != null && reference == null) {
            throw new ParameterException(spec.commandLine(), "--reference-tokenizer needs --reference");
        }
        if (init != InitStrategy.RANDOM && reference == null) {
            throw new ParameterException(spec.commandLine(), "--init " + init.label() + " needs --reference");
        }
        if (!mode.equals("exact") && !mode.equals("normalized")) {
            throw new ParameterException(spec.commandLine(), "--mode must be exact or normalized, not '" + mode + "'");
        }
        if (mode.equals("normalized") && reference == null) {
            throw new ParameterException(spec.commandLine(), "--mode normalized needs --reference");
        }
        if ((init == InitStrategy.OMP) != (donor != null)) {
            throw new ParameterException(spec.commandLine(), donor == null ? "--init omp needs --donor"
                    : "--donor is only used by --init omp");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (model.isDecoder()) {
            return addToDecoder(stdout);
        }
        if (zeroShotText != null) {
            throw new ParameterException(spec.commandLine(), "--zero-shot-text is for decoder models");
        }
        try (AdapterModel adapterModel = model.open();
             Tokenizer newTokenizer = Inputs.tokenizer(HubSources.of(spec).tokenizer(tokenizer, stderr()));
             Tokenizer givenReferenceTokenizer = referenceTokenizer == null ? null
                     : Inputs.tokenizer(HubSources.of(spec).tokenizer(referenceTokenizer, stderr()));
             DonorInput donorInput = donor == null ? null : DonorInput.load(donor, model.device.resolve())) {
            Tokenizer referenceVocabulary = reference == null ? null
                    : givenReferenceTokenizer != null ? givenReferenceTokenizer : ownTokenizer(adapterModel);
            EmbeddingInitializer.Created created = adapterModel.addEmbeddings(name, newTokenizer, reference,
                    referenceVocabulary, options(donorInput, newTokenizer, referenceVocabulary));
            adapterModel.saveEmbeddings(out, name, newTokenizer, format.format);
            report(stdout, created);
            created.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        }
        return 0;
    }

    /** The same command on a decoder: the embedding is a pair when the head is untied. */
    private int addToDecoder(PrintWriter stdout) throws Exception {
        String text = zeroShotText == null ? null : TextEvaluation.read(zeroShotText);
        try (DecoderModel decoder = model.openDecoder();
             Tokenizer newTokenizer = Inputs.tokenizer(HubSources.of(spec).tokenizer(tokenizer, stderr()));
             Tokenizer givenReferenceTokenizer = referenceTokenizer == null ? null
                     : Inputs.tokenizer(HubSources.of(spec).tokenizer(referenceTokenizer, stderr()));
             DonorInput donorInput = donor == null ? null : DonorInput.load(donor, model.device.resolve())) {
            Tokenizer referenceVocabulary = reference == null ? null : givenReferenceTokenizer != null
                    ? givenReferenceTokenizer : decoder.tokenizerOf(reference).orElseThrow(() -> new InputException(
                    "the reference embedding '" + reference + "' has no tokenizer: give --reference-tokenizer"));
            EmbeddingInitializer.Created created = decoder.addEmbeddings(name, newTokenizer, reference,
                    referenceVocabulary, options(donorInput, newTokenizer, referenceVocabulary));
            decoder.saveEmbeddings(out, name, newTokenizer, format.format);
            report(stdout, created);
            if (created.embedding().outputRows().isPresent()) {
                stdout.printf("  output rows (untied head): made the same way from the reference's, saved in %s%n",
                        EmbeddingFiles.OUTPUT_ROWS_FILE);
            }
            created.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            if (text != null) {
                ZeroShotCheck check = ZeroShotCheck.of(decoder, name, text, ZeroShotCheck.window(decoder, null),
                        CancellationToken.none());
                stdout.printf(Locale.ROOT, "Zero-shot on %s: %s%n", zeroShotText, check.describe());
            }
        }
        return 0;
    }

    private Tokenizer ownTokenizer(AdapterModel adapterModel) {
        return adapterModel.tokenizerOf(reference).orElseThrow(() -> new InputException("the reference embedding '"
                + reference + "' has no tokenizer (" + model + " holds no tokenizer.json, vocab.txt or vocab.json): "
                + "give --reference-tokenizer"));
    }

    private PrintWriter stderr() {
        return spec.commandLine().getErr();
    }

    private EmbeddingOptions options(DonorInput donorInput, Tokenizer target, Tokenizer referenceVocabulary) {
        return new AddEmbeddingsSettings(init, mode.equals(AddEmbeddingsSettings.NORMALIZED),
                donorInput == null ? null : donorInput.donor(),
                dimension == null ? OptionalInt.empty() : OptionalInt.of(dimension),
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed)).options(target, referenceVocabulary);
    }

    private void report(PrintWriter stdout, EmbeddingInitializer.Created created) {
        TokenEmbedding embedding = created.embedding();
        stdout.printf("Added embedding '%s': %d rows x %d%n", name, embedding.rows(), embedding.dimension());
        stdout.printf("  copied: %d rows%s%n", created.copiedRows(),
                reference == null ? "" : " from '" + reference + "'");
        if (init != InitStrategy.RANDOM) {
            stdout.printf("  %-6s  %d rows%n", init.label() + ":", created.strategyRows());
        }
        stdout.printf("  drawn:  %d rows from N(0, 0.02), seed %d%n", created.randomRows(), embedding.origin().seed());
        String weights = switch (format) {
            case PT -> EmbeddingFiles.PT_FILE;
            case SAFETENSORS -> EmbeddingFiles.SAFETENSORS_FILE;
            case BOTH -> EmbeddingFiles.PT_FILE + ", " + EmbeddingFiles.SAFETENSORS_FILE;
        };
        stdout.printf("Saved to %s: %s, %s/ and the %s sidecar%n", out, weights, EmbeddingFiles.TOKENIZER_FOLDER,
                EmbeddingFiles.SIDECAR_FILE);
    }
}
