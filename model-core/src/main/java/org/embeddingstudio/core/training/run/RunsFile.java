package org.embeddingstudio.core.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.generation.ZeroShotCheck;
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
 * checkpoints): each run's settings, curve, evaluations, outcome and a decoder's zero-shot check, so runs can be
 * reopened and compared later.
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
            run.heldOutCheckIfAny().ifPresent(check -> writeCheck(node.putObject("held_out_check"), check));
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
                // Runs kept before the check was recorded have none.
                ZeroShotCheck check = node.hasNonNull("held_out_check") ? readCheck(node.get("held_out_check")) : null;
                runs.add(new TrainingRun(node.path("name").asText(), node.path("embedding").asText(), request, curve,
                        List.copyOf(evaluations), outcome, checkpoint, check));
            } catch (RuntimeException | JsonProcessingException e) {
                // A config the settings refuse comes as Jackson's exception: its own message, without the location.
                String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                throw new FileFormatException(file, "run " + (runs.size() + 1) + " cannot be read: " + problem);
            }
        }
        return runs;
    }

    private static void writeCheck(ObjectNode node, ZeroShotCheck check) {
        node.put("embedding", check.embedding());
        writeScore(node.putObject("reference"), check.reference());
        writeScore(node.putObject("candidate"), check.candidate());
    }

    private static void writeScore(ObjectNode node, BitsPerByte.Result score) {
        node.put("bytes", score.bytes());
        node.put("tokens", score.tokens());
        node.put("predicted", score.predicted());
        node.put("nats", score.nats());
    }

    /** @throws IllegalArgumentException saying which value of the check is missing or wrong */
    private static ZeroShotCheck readCheck(JsonNode node) {
        if (!node.path("embedding").isTextual()) {
            throw new IllegalArgumentException("its held-out check names no embedding");
        }
        return new ZeroShotCheck(node.get("embedding").asText(), readScore(node, "reference"),
                readScore(node, "candidate"));
    }

    private static BitsPerByte.Result readScore(JsonNode check, String side) {
        JsonNode node = check.path(side);
        String where = "its held-out check's " + side;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        long bytes = count(node, "bytes", where, Long.MAX_VALUE);
        if (bytes == 0) {
            throw new IllegalArgumentException(where + " has 0 bytes; a measured text has at least 1");
        }
        return new BitsPerByte.Result(bytes, (int) count(node, "tokens", where, Integer.MAX_VALUE),
                (int) count(node, "predicted", where, Integer.MAX_VALUE), nats(node, where));
    }

    /** A whole number from 0 to {@code max} in {@code field}. */
    private static long count(JsonNode node, String field, String where, long max) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0 || value.asLong() > max) {
            throw new IllegalArgumentException(where + " needs '" + field + "' as a whole number of at least 0, not "
                    + shown(value));
        }
        return value.asLong();
    }

    private static String shown(JsonNode value) {
        return value.isMissingNode() ? "nothing" : value.toString();
    }

    private static double nats(JsonNode node, String where) {
        JsonNode nats = node.path("nats");
        if (nats.isNumber() && nats.asDouble() >= 0) {
            return nats.asDouble();
        }
        // Jackson writes NaN and infinity as strings: a diverged model's figure comes back as it was written.
        if (nats.isTextual() && (nats.asText().equals("NaN") || nats.asText().equals("Infinity"))) {
            return Double.parseDouble(nats.asText());
        }
        throw new IllegalArgumentException(where + " needs 'nats' (a negative log-likelihood) as a number of at "
                + "least 0, not " + shown(nats));
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
