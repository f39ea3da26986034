package org.embeddingstudio.core.cli;

import ai.djl.ndarray.NDManager;
import org.embeddingstudio.core.head.HeadRegistry;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.AdapterTrainer;
import org.embeddingstudio.core.training.CausalLmTask;
import org.embeddingstudio.core.training.ClassificationTask;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingListener;
import org.embeddingstudio.core.training.TrainingTask;
import org.embeddingstudio.core.training.run.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Held-out loss and accuracy of an embedding with an adapter and its head, on the split {@code train} holds out with
 * the same seed and share, beside the majority baseline.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Held-out loss and accuracy of a trained embedding and adapter (with its head), beside the "
                + "majority baseline.", "The held-out examples are the ones train holds out with the same --seed and "
                + "--eval-split, so the figures compare with a run's own evaluations.",
                "For a decoder model, --text FILE gives bits per byte of that text instead (per byte, so tokenizers "
                        + "compare fairly)."},
        footer = {"%nExamples:",
                "  embedding-studio evaluate --model models/bert-base-uncased --embeddings runs/german/embedding \\",
                "      --adapter-folder runs/german/adapter --objective mlm --data de.txt",
                "  embedding-studio evaluate --model models/SmolLM2-135M --text held-out.txt"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--embeddings", paramLabel = "DIR",
            description = "The embeddings folder (with its tokenizer/) to evaluate. With --text, compared with "
                    + "'default' (the zero-shot check).")
    Path embeddings;

    @Option(names = "--adapter-folder", paramLabel = "DIR",
            description = "The adapter folder, with the head it trained (adapters' layout).")
    Path adapterFolder;

    @Option(names = "--objective", paramLabel = "mlm|classification|clm",
            description = "What the adapter was trained for.")
    TrainCommand.ObjectiveOption objective;

    @Option(names = "--data", paramLabel = "FILE", description = "The data it was trained on.")
    Path data;

    @Mixin
    ColumnsOption columns = new ColumnsOption();

    @Option(names = "--eval-split", paramLabel = "F", description = "Share held out, as in train. Default: 0.1.")
    Double evalSplit;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the split and masking, as in train. "
            + "Default: 42.")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "B", description = "Sequences per batch. Default: 8.")
    Integer batchSize;

    @Option(names = "--max-length", paramLabel = "L", description = "Tokens per sequence. Default: 128.")
    Integer maxLength;

    @Option(names = "--text", paramLabel = "FILE",
            description = "Decoder models: the UTF-8 text whose bits per byte to measure.")
    Path text;

    @Option(names = "--window", paramLabel = "N", description = "Decoder models: tokens per forward pass over "
            + "--text (windows overlap by one token). Default: the model's context, at most 1024.")
    Integer window;

    @Override
    public Integer call() throws Exception {
        if (text != null) {
            return new TextEvaluation(spec, model, text, window, embeddings).run();
        }
        if (embeddings == null || adapterFolder == null || objective == null || data == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --embeddings, "
                    + "--adapter-folder, --objective and --data (or --text FILE for a decoder model)");
        }
        if (!Files.isRegularFile(data)) {
            throw new InputException(data + ": no such file");
        }
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingConfig config;
        try {
            config = new TrainingConfig(defaults.learningRate(), batchSize != null ? batchSize : defaults.batchSize(),
                    maxLength != null ? maxLength : defaults.maxLength(), 1, 0, 0, 0, 0,
                    seed != null ? seed : defaults.seed(), evalSplit != null ? evalSplit : defaults.evalSplit(), 0, 0,
                    defaults.maskProbability());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (objective == TrainCommand.ObjectiveOption.CLM) {
            return evaluateDecoder(config);
        }
        try (AdapterModel opened = model.open();
             NDManager manager = NDManager.newBaseManager(opened.device())) {
            String name = embeddings.getFileName().toString();
            var tokenizer = opened.loadEmbeddings(embeddings, name).orElseThrow(() -> new InputException(embeddings
                    + " holds no tokenizer/ folder: the data cannot be encoded for it"));
            opened.setActiveAdapter(opened.loadAdapter(adapterFolder, null));
            if (objective == TrainCommand.ObjectiveOption.MLM) {
                opened.setActiveHead(HeadRegistry.MASKED_LM);
            }
            boolean classification = objective == TrainCommand.ObjectiveOption.CLASSIFICATION;
            List<String> headLabels = null;
            if (classification) {
                headLabels = opened.headLabels(opened.activeHead()).orElseThrow(() -> new InputException(adapterFolder
                        + " holds no classification head"));
            }
            TrainingTask<AdapterModel> task = TrainingData.task(objective.objective, data,
                    classification ? columns.resolve(data) : null, config, tokenizer, headLabels);
            if (task instanceof ClassificationTask labelled && !labelled.labels().equals(headLabels)) {
                throw new InputException(data + ": labels " + labelled.labels() + " are not all among the head's "
                        + headLabels + " in " + adapterFolder);
            }
            Evaluation evaluation = new AdapterTrainer<>(opened, task, config, TrainingListener.NONE)
                    .evaluate(0, manager);
            if (evaluation.examples() == 0) {
                throw new InputException(data + " leaves nothing held out at --eval-split " + config.evalSplit());
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Held out (%d %s): loss %.4f, accuracy %.3f%s%n",
                    evaluation.examples(), classification ? "examples" : "masked tokens", evaluation.loss(),
                    evaluation.accuracy(), TrainReport.baseline(evaluation));
        }
        return 0;
    }

    /** A decoder's held-out next-token loss under a saved embedding pair and adapter, as {@code train} measured it. */
    private int evaluateDecoder(TrainingConfig config) throws Exception {
        if (!model.isDecoder()) {
            throw new ParameterException(spec.commandLine(), "--objective clm is for decoder models; " + model
                    + " is a masked-LM encoder");
        }
        try (DecoderModel opened = model.openDecoder();
             NDManager manager = NDManager.newBaseManager(opened.device())) {
            Tokenizer tokenizer = opened.loadEmbeddings(embeddings, embeddings.getFileName().toString())
                    .orElseThrow(() -> new InputException(embeddings + " holds no tokenizer/ folder: the data cannot "
                            + "be encoded for it"));
            opened.setActiveAdapter(opened.loadAdapter(adapterFolder, null));
            Evaluation evaluation = new AdapterTrainer<>(opened, CausalLmTask.fromTextFile(data, tokenizer, config),
                    config, TrainingListener.NONE).evaluate(0, manager);
            if (evaluation.examples() == 0) {
                throw new InputException(data + " leaves nothing held out at --eval-split " + config.evalSplit());
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Held out (%d tokens): loss %.4f (perplexity %.1f), "
                    + "next-token accuracy %.3f%n", evaluation.examples(), evaluation.loss(),
                    Math.exp(evaluation.loss()), evaluation.accuracy());
        }
        return 0;
    }
}
