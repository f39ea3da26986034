package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.analysis.Drift;
import org.embeddingstudio.core.embedding.InitStrategy;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.engine.CpuFeatures;
import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.model.AdaptableModel;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.AddEmbeddingsSettings;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.run.DataFit;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.TrainAdapterJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Training window without a screen: {@code train_adapter(adapter, train_embeddings)} on masked-LM text or
 * classification data, with the same job ({@link TrainAdapterJob}), checkpoints and held-out evaluation, then
 * {@code save_embeddings} and {@code save_adapter} (with its head) in adapters' layout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an adapter, and with it the active embedding, on masked-LM text or classification data "
                + "(BERT family), or on next-token prediction over text (decoders: --objective clm; the embedding's "
                + "input and, for an untied head, output rows train together).",
                "The base model stays frozen (adapters' train_adapter(name, train_embeddings=True)). At the end the "
                        + "embedding and the adapter with its head are saved under --out in adapters' layout; "
                        + "checkpoints go to --out/checkpoints. Ctrl+C stops after the current step and leaves a "
                        + "checkpoint that --resume continues from."},
        footer = {"%nExamples:",
                "  embedding-studio train --model models/bert-base-uncased \\",
                "      --new-embeddings tokenizers/german/tokenizer.json --name german \\",
                "      --adapter lang --objective mlm --data corpus/de.txt --steps 2000 --out runs/german",
                "  embedding-studio train --model models/bert-base-uncased --embeddings runs/german/embedding \\",
                "      --adapter sentiment --objective classification --data reviews.csv \\",
                "      --text-column review --label-column stars --no-train-embeddings --out runs/sentiment",
                "  embedding-studio train --model models/SmolLM2-135M --new-embeddings tokenizers/german \\",
                "      --adapter lang --objective clm --data corpus/de.txt --steps 500 --out runs/smollm-german",
                "%nOutput folder: embedding/ (embedding.pt, tokenizer/), adapter/ (adapter_config.json, "
                        + "pytorch_adapter.bin, head_config.json, pytorch_model_head.bin), checkpoints/, run.json "
                        + "(settings, evaluations, majority baseline, drift)."})
final class TrainCommand implements Callable<Integer> {
    /** Spelling of {@link Objective} on the command line. */
    enum ObjectiveOption {
        MLM(Objective.MASKED_LM), CLASSIFICATION(Objective.CLASSIFICATION), CLM(Objective.CAUSAL_LM);

        final Objective objective;

        ObjectiveOption(Objective objective) {
            this.objective = objective;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--embeddings", paramLabel = "DIR",
            description = "An embeddings folder (adapters' layout, with its tokenizer) to load and train.")
    Path embeddings;

    @Option(names = "--new-embeddings", paramLabel = "T", description = "A tokenizer to make a new embedding for "
            + "(add_embeddings, rows of shared tokens copied from --reference), then train.")
    Path newEmbeddings;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the trained embedding "
            + "(default: the folder's name for --embeddings, 'new' for --new-embeddings).")
    String name;

    @Option(names = "--reference", defaultValue = "default", paramLabel = "NAME",
            description = "With --new-embeddings: the embedding shared tokens are copied from. "
                    + "Default: ${DEFAULT-VALUE}.")
    String reference;

    @Option(names = "--adapter", required = true, paramLabel = "NAME", description = "The adapter that trains.")
    String adapter;

    @Option(names = "--adapter-folder", paramLabel = "DIR",
            description = "Load the adapter (and its head) from this folder instead of adding a new one.")
    Path adapterFolder;

    @Option(names = "--adapter-config", defaultValue = "seq_bn", paramLabel = "seq_bn|double_seq_bn",
            description = "Bottleneck adapter of a new adapter. Default: ${DEFAULT-VALUE}.")
    String adapterConfig;

    @Option(names = "--reduction-factor", paramLabel = "R", description = "Hidden size / bottleneck size of a new "
            + "adapter (default: 16 for seq_bn, as adapters).")
    Double reductionFactor;

    @Option(names = "--objective", required = true, paramLabel = "mlm|classification|clm",
            description = "Masked-LM on a text file (one text per line), sequence(-pair) classification, or "
                    + "next-token prediction on a text file (decoders; lines packed into --max-length blocks).")
    ObjectiveOption objective;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Text file (mlm), or CSV / TSV / JSONL (classification).")
    Path data;

    @Mixin
    ColumnsOption columns = new ColumnsOption();

    @Option(names = "--no-train-embeddings", negatable = false,
            description = "Keep the embedding frozen: only the adapter and its head train.")
    boolean frozenEmbedding;

    @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps (0: use --epochs). Default: 100.")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data when --steps is 0.")
    Integer epochs;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak AdamW learning rate. Default: 1e-4.")
    Double learningRate;

    @Option(names = "--batch-size", paramLabel = "B", description = "Sequences per step. Default: 8.")
    Integer batchSize;

    @Option(names = "--max-length", paramLabel = "L", description = "Tokens per sequence. Default: 128.")
    Integer maxLength;

    @Option(names = "--warmup-ratio", paramLabel = "R", description = "Share of steps warming up. Default: 0.1.")
    Double warmupRatio;

    @Option(names = "--weight-decay", paramLabel = "W", description = "AdamW weight decay. Default: 0.01.")
    Double weightDecay;

    @Option(names = "--max-grad-norm", paramLabel = "N", description = "Gradient clipping (0: off). Default: 1.0.")
    Double maxGradNorm;

    @Option(names = "--seed", paramLabel = "S", description = "Data order, masking, dropout. Default: 42.")
    Long seed;

    @Option(names = "--eval-split", paramLabel = "F", description = "Share held out for evaluation. Default: 0.1.")
    Double evalSplit;

    @Option(names = "--eval-every", paramLabel = "N", description = "Evaluate every N steps (0: at the end only).")
    Integer evalEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint every N steps (0: at the end "
            + "and when stopped). Default: 0.")
    Integer checkpointEvery;

    @Option(names = "--mask-probability", paramLabel = "P", description = "Masked-LM: share of tokens masked. "
            + "Default: 0.15.")
    Double maskProbability;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", converter = PrecisionOption.class,
            description = "Matrix products in float32, or in bfloat16 with float32 weights and loss. Default: fp32.")
    Precision precision;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the results.")
    Path out;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue from a checkpoint folder "
            + "(OUT/checkpoints/checkpoint-N) of the same command.")
    Path resume;

    @Option(names = "--json-progress", description = "Progress as one JSON object a line on stderr (for scripts).")
    boolean jsonProgress;

    @Override
    public Integer call() throws Exception {
        if ((embeddings == null) == (newEmbeddings == null)) {
            throw new ParameterException(spec.commandLine(), embeddings == null
                    ? "give --embeddings DIR or --new-embeddings TOKENIZER: the embedding to train"
                    : "give either --embeddings or --new-embeddings, not both");
        }
        if (objective == ObjectiveOption.MLM && columns.anyGiven()) {
            throw new ParameterException(spec.commandLine(), "--text-column, --pair-column and --label-column are "
                    + "for --objective classification");
        }
        if (!Files.isRegularFile(data)) {
            throw new InputException(data + ": no such file");
        }
        if (resume != null && !Files.isDirectory(resume)) {
            throw new InputException(resume + ": no such checkpoint folder");
        }
        TrainingConfig config = config();
        if (model.isDecoder()) {
            if (objective != ObjectiveOption.CLM) {
                throw new ParameterException(spec.commandLine(), model + " is a decoder (causal LM): train it with "
                        + "--objective clm");
            }
            try (DecoderModel opened = model.openDecoder()) {
                return train(opened, config, (request, listener, cancellation) ->
                        TrainAdapterJob.run(opened, request, resume, listener, cancellation),
                        folder -> opened.saveAdapter(folder, adapter));
            }
        }
        if (objective == ObjectiveOption.CLM) {
            throw new ParameterException(spec.commandLine(), "--objective clm trains decoder models (GPT-2, Llama, "
                    + "Mistral, Qwen2, Gemma); " + model + " is a masked-LM encoder");
        }
        try (AdapterModel opened = model.open()) {
            return train(opened, config, (request, listener, cancellation) ->
                    TrainAdapterJob.run(opened, request, resume, listener, cancellation),
                    folder -> opened.saveAdapter(folder, adapter, true));
        }
    }

    /** A run of the model's own kind: {@link TrainAdapterJob} for an encoder or for a decoder. */
    @FunctionalInterface
    private interface Job {
        TrainAdapterJob.Result run(RunRequest request, TrainingListener listener, CancellationToken cancellation)
                throws Exception;
    }

    /** Saves the trained adapter (an encoder's with its head). */
    @FunctionalInterface
    private interface AdapterSave {
        void save(Path folder) throws IOException;
    }

    private int train(AdaptableModel opened, TrainingConfig config, Job job, AdapterSave adapterSave)
            throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String trained = prepareEmbedding(opened);
        prepareAdapter(opened);
        RunRequest request = new RunRequest(adapter, !frozenEmbedding, objective.objective, data,
                objective == ObjectiveOption.CLASSIFICATION ? columns.resolve(data) : null,
                config, out.resolve("checkpoints"));
        DataFit.measure(trained, opened.activeTokenizer().orElseThrow(), request.objective(), data,
                request.columns()).warning()
                .ifPresent(warning -> TrainProgress.warning(stderr, jsonProgress, warning));
        if (config.precision() == Precision.BF16 && !opened.device().isGpu()) {
            CpuFeatures.bf16Warning().ifPresent(warning -> TrainProgress.warning(stderr, jsonProgress, warning));
        }
        Files.createDirectories(out);
        CancellationToken cancellation = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        // Ctrl+C: stop after the current step; the trainer then writes a checkpoint for --resume.
        Thread stop = new Thread(() -> {
            interrupted.set(true);
            cancellation.cancel();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-interrupt");
        Runtime.getRuntime().addShutdownHook(stop);
        TrainAdapterJob.Result result;
        try {
            result = job.run(request, progress(stderr), cancellation);
            if (!result.outcome().cancelled()) {
                opened.saveEmbeddings(out.resolve("embedding"), trained,
                        opened.activeTokenizer().orElseThrow());
                adapterSave.save(out.resolve("adapter"));
            }
            AtomicFiles.writeString(out.resolve("run.json"), summary(trained, request, result));
        } finally {
            finished.countDown();
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(stop);
            }
        }
        TrainReport.print(stdout, trained, adapter, out, objective == ObjectiveOption.CLM, result);

        return result.outcome().cancelled() ? 130 : 0;
    }

    private String prepareEmbedding(AdaptableModel opened) throws Exception {
        if (embeddings != null) {
            String loadAs = name != null ? name : embeddings.getFileName().toString();
            opened.loadEmbeddings(embeddings, loadAs).orElseThrow(() -> new InputException(embeddings
                    + " holds no tokenizer/ folder: the data cannot be encoded for it"));
            return loadAs;
        }
        String newName = name != null ? name : "new";
        Tokenizer tokenizer = Inputs.tokenizer(HubSources.of(spec).tokenizer(newEmbeddings,
                spec.commandLine().getErr()));
        Tokenizer referenceTokenizer = opened.tokenizerOf(reference).orElseThrow(() ->
                new InputException("the reference embedding '" + reference + "' has no tokenizer (" + model
                        + " holds no tokenizer.json, vocab.txt or vocab.json)"));
        // Drawn from the run's seed, so the same command line gives the same run.
        opened.addEmbeddings(newName, tokenizer, reference, referenceTokenizer, new AddEmbeddingsSettings(
                InitStrategy.RANDOM, false, null, OptionalInt.empty(), OptionalLong.of(or(seed,
                TrainingConfig.defaults().seed()))).options(tokenizer, referenceTokenizer));
        return newName;
    }

    private void prepareAdapter(AdaptableModel opened) throws Exception {
        if (adapterFolder != null) {
            opened.loadAdapter(adapterFolder, adapter);
            return;
        }
        BottleneckConfig bottleneck = switch (adapterConfig) {
            case "seq_bn" -> BottleneckConfig.seqBn();
            case "double_seq_bn" -> BottleneckConfig.doubleSeqBn();
            default -> throw new ParameterException(spec.commandLine(), "--adapter-config must be seq_bn or "
                    + "double_seq_bn, not '" + adapterConfig + "'");
        };
        opened.addAdapter(adapter, reductionFactor == null ? bottleneck
                : bottleneck.withReductionFactor(reductionFactor));
    }

    private TrainingConfig config() {
        TrainingConfig d = TrainingConfig.defaults();
        try {
            return new TrainingConfig(or(learningRate, d.learningRate()), or(batchSize, d.batchSize()),
                    or(maxLength, d.maxLength()), or(steps, epochs != null ? 0 : d.steps()), or(epochs, d.epochs()),
                    or(warmupRatio, d.warmupRatio()), or(weightDecay, d.weightDecay()),
                    or(maxGradNorm, d.maxGradNorm()), or(seed, d.seed()), or(evalSplit, d.evalSplit()),
                    or(evalEvery, d.evalEvery()), or(checkpointEvery, d.checkpointEvery()),
                    or(maskProbability, d.maskProbability()), precision);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }

    private TrainingListener progress(PrintWriter stderr) {
        return jsonProgress ? new TrainProgress.Json(stderr) : new TrainProgress.Text(stderr, System.console() != null);
    }

    private String summary(String trained, RunRequest request, TrainAdapterJob.Result result) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("model", String.valueOf(model));
        root.put("embedding", trained);
        root.put("adapter", adapter);
        root.put("objective", objective.name().toLowerCase(Locale.ROOT));
        root.put("data", data.toString());
        root.put("train_embeddings", request.trainEmbeddings());
        root.set("config", json.valueToTree(request.config()));
        root.put("cancelled", result.outcome().cancelled());
        root.put("steps", result.outcome().steps());
        root.put("final_loss", result.outcome().finalLoss());
        root.put("tokens_per_second", result.outcome().tokensPerSecond());
        root.put("seconds", result.outcome().elapsed().toMillis() / 1000.0);
        ArrayNode evaluations = root.putArray("evaluations");
        for (Evaluation e : result.outcome().evaluations()) {
            evaluations.add(json.valueToTree(e));
        }
        if (result.drift() != null) {
            ObjectNode drift = root.putObject("drift");
            for (Map.Entry<RowOrigin, Drift.Summary> entry : result.drift().byOrigin().entrySet()) {
                drift.set(entry.getKey().label(), json.valueToTree(entry.getValue()));
            }
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

}
