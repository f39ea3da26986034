package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.FillMask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** transformers' fill-mask pipeline under a named embedding. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = {"Predict the tokens behind each [MASK] (or <mask>) of a text.",
                "With --embeddings the loaded embedding, its tokenizer and the masked-LM head tied to it are used."},
        footer = {"%nExample:",
                "  embedding-studio fill-mask --model models/bert-base-uncased --top 5 \\",
                "      \"Paris is the [MASK] of France.\""})
final class FillMaskCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--embeddings", paramLabel = "DIR", description = "Embeddings folder to use instead of the "
            + "model's own embedding.")
    Path embeddings;

    @Parameters(index = "0", paramLabel = "TEXT", description = "Text with one or more [MASK] tokens.")
    String text;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K",
            description = "Candidates per mask. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the predictions to this JSON file.")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, not " + top);
        }
        try (AdapterModel adapterModel = model.open()) {
            if (embeddings != null) {
                Inputs.embeddings(adapterModel, embeddings);
            }
            String embedding = adapterModel.activeEmbeddings();
            if (adapterModel.activeTokenizer().isEmpty()) {
                throw new InputException((embeddings != null ? embeddings + ": these embeddings were saved without a "
                        + "tokenizer/ folder" : model + ": the model folder has no tokenizer (tokenizer.json, "
                        + "vocab.txt or vocab.json)") + ", so the text cannot be encoded");
            }
            List<FillMask.MaskPredictions> predictions = FillMask.predict(adapterModel, embedding, text, top);
            boolean freshHead = adapterModel.maskedLmHeadIsFresh();
            if (freshHead) {
                spec.commandLine().getErr().println("warning: " + model + " has no masked-LM head, so a fresh one "
                        + "was initialised: these predictions are random, not what the model learned");
            }
            print(spec.commandLine().getOut(), embedding, predictions);
            if (json != null) {
                writeJson(embedding, predictions, freshHead);
                spec.commandLine().getOut().println("Wrote " + json);
            }
        }
        return 0;
    }

    private void print(PrintWriter stdout, String embedding, List<FillMask.MaskPredictions> predictions) {
        stdout.printf("Embedding '%s'%n", embedding);
        for (int m = 0; m < predictions.size(); m++) {
            FillMask.MaskPredictions mask = predictions.get(m);
            stdout.printf("%nMask %d of %d (token position %d)%n", m + 1, predictions.size(), mask.position());
            stdout.printf("  %-4s  %-20s  %s%n", "rank", "token", "probability");
            int rank = 1;
            for (FillMask.Prediction candidate : mask.candidates()) {
                stdout.printf("  %4d  %-20s  %.4f%n", rank++, candidate.token(), candidate.probability());
            }
        }
    }

    private void writeJson(String embedding, List<FillMask.MaskPredictions> predictions, boolean freshHead)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", text);
        root.put("embedding", embedding);
        root.put("masked_lm_head_fresh", freshHead);
        ArrayNode masks = root.putArray("masks");
        for (FillMask.MaskPredictions mask : predictions) {
            ObjectNode node = masks.addObject();
            node.put("position", mask.position());
            ArrayNode candidates = node.putArray("candidates");
            for (FillMask.Prediction candidate : mask.candidates()) {
                candidates.addObject().put("token", candidate.token()).put("id", candidate.id())
                        .put("probability", candidate.probability());
            }
        }
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
    }
}
