package org.embeddingstudio.core.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.Evaluation;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A workspace's training runs as JSON ({@code runs.json} in the folder beside the workspace file, with the runs'
 * checkpoints): each run's settings, curve, evaluations and outcome, so runs can be reopened and compared later.
 */
public final class RunsFile {
    /** The file's name in a workspace's runs folder. */
    public static final String NAME = "runs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunsFile() {
    }

    /** Writes {@code runs} to {@code file} atomically, creating its folder. */
    public static void write(Path file, List<TrainingRun> runs) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (TrainingRun run : runs) {
            ObjectNode node = array.addObject();
            node.put("name", run.name());
            node.put("embedding", run.embedding());
            RunRequest request = run.request();
            node.put("adapter", request.adapter());
            node.put("train_embeddings", request.trainEmbeddings());
            node.put("objective", request.objective().name());
            node.put("data", request.data().toString());
            if (request.columns() != null) {
                node.put("text_column", request.columns().text());
                node.put("pair_column", request.columns().pair());
                node.put("label_column", request.columns().label());
            }
            node.put("checkpoints", request.checkpoints().toString());
            node.set("config", JSON.valueToTree(request.config()));
            ArrayNode curve = node.putArray("curve");
            for (int i = 0; i < run.curve().size(); i++) {
                curve.addArray().add(run.curve().step(i)).add(run.curve().raw(i));
            }
            node.set("evaluations", JSON.valueToTree(run.evaluations()));
            if (run.outcome() != null) {
                ObjectNode outcome = node.putObject("outcome");
                outcome.put("cancelled", run.outcome().cancelled());
                outcome.put("steps", run.outcome().steps());
                outcome.put("final_loss", run.outcome().finalLoss());
                outcome.put("elapsed_ms", run.outcome().elapsed().toMillis());
                outcome.put("tokens_per_second", run.outcome().tokensPerSecond());
            }
            if (run.lastCheckpoint() != null) {
                node.put("last_checkpoint", run.lastCheckpoint().toString());
            }
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    }

    /**
     * The runs {@code file} holds; none when it does not exist.
     *
     * @throws org.embeddingstudio.core.io.FileFormatException naming the run that cannot be read
     */
    public static List<TrainingRun> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new FileFormatException(file, "is not valid JSON", e);
        }
        List<TrainingRun> runs = new ArrayList<>();
        for (JsonNode node : array) {
            try {
                ClassificationDatasetReader.Columns columns = node.has("text_column")
                        ? new ClassificationDatasetReader.Columns(text(node, "text_column"), text(node, "pair_column"),
                        text(node, "label_column")) : null;
                RunRequest request = new RunRequest(node.path("adapter").asText(),
                        node.path("train_embeddings").asBoolean(), Objective.valueOf(node.path("objective").asText()),
                        Path.of(node.path("data").asText()), columns,
                        JSON.treeToValue(node.path("config"), TrainingConfig.class),
                        Path.of(node.path("checkpoints").asText()));
                LossCurve curve = new LossCurve();
                node.path("curve").forEach(point -> curve.add(point.get(0).asInt(), point.get(1).asDouble()));
                List<Evaluation> evaluations = new ArrayList<>();
                for (JsonNode e : node.path("evaluations")) {
                    Evaluation evaluation = new Evaluation(e.path("step").asInt(), number(e, "loss"),
                            number(e, "accuracy"), number(e, "majorityAccuracy"), e.path("examples").asInt());
                    evaluations.add(evaluation);
                    curve.addEvaluation(evaluation.step(), evaluation.loss());
                }
                JsonNode o = node.path("outcome");
                TrainingOutcome outcome = o.isMissingNode() ? null
                        : new TrainingOutcome(o.path("cancelled").asBoolean(), o.path("steps").asInt(),
                                number(o, "final_loss"), List.copyOf(evaluations),
                                Duration.ofMillis(o.path("elapsed_ms").asLong()), number(o, "tokens_per_second"));
                Path checkpoint = node.hasNonNull("last_checkpoint") ? Path.of(node.get("last_checkpoint").asText())
                        : null;
                runs.add(new TrainingRun(node.path("name").asText(), node.path("embedding").asText(), request, curve,
                        List.copyOf(evaluations), outcome, checkpoint));
            } catch (RuntimeException e) {
                throw new FileFormatException(file, "run " + (runs.size() + 1) + " cannot be read: " + e.getMessage());
            }
        }
        return runs;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** NaN is written as the string "NaN" by Jackson and must come back as NaN. */
    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble()
                : value.isTextual() ? Double.parseDouble(value.asText()) : Double.NaN;
    }
}
