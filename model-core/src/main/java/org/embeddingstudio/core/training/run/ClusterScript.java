package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.engine.Precision;
import org.embeddingstudio.core.training.TrainingConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code train.py} of a cluster export: the template {@code train.py} beside this class (a valid Python file)
 * with its {@code __ES_NAME__} placeholders replaced by a run's settings. A placeholder alone on its line stands for
 * a block of lines (possibly none); any other is replaced where it stands. Replacement is one pass, so a value that
 * happens to contain a placeholder's spelling is left as it is.
 */
public final class ClusterScript {
    /** The template's resource name, beside this class. */
    public static final String TEMPLATE = "train.py";
    private static final Pattern NOTE = Pattern.compile("(?m)^#%.*\\n");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?m)^__ES_(?<block>[A-Z0-9]+(?:_[A-Z0-9]+)*)__\\n|__ES_(?<inline>[A-Z0-9]+(?:_[A-Z0-9]+)*)__");

    private ClusterScript() {
    }

    /** The template as stored, notes and placeholders included. */
    public static String template() {
        try (InputStream in = ClusterScript.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + TEMPLATE + " is missing beside "
                        + ClusterScript.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The script for {@code request}.
     *
     * @param baseModel the Hugging Face id or folder the embedding was made for (the script's default)
     * @param embedding the exported embedding's name
     */
    public static String of(String baseModel, String embedding, RunRequest request) {
        return fill(template(), values(baseModel, embedding, request));
    }

    /** Each placeholder's value for {@code request}, by name (without the {@code __ES_…__}). */
    static Map<String, String> values(String baseModel, String embedding, RunRequest request) {
        TrainingConfig c = request.config();
        boolean classification = request.objective() == Objective.CLASSIFICATION;
        String file = request.data().getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ADAPTER_NAME", request.adapter());
        v.put("EMBEDDING_NAME", embedding);
        v.put("OBJECTIVE", classification ? "sequence classification" : "masked-LM");
        v.put("BASE_MODEL", python(baseModel));
        v.put("EMBEDDING", python(embedding));
        v.put("ADAPTER", python(request.adapter()));
        v.put("TRAIN_EMBEDDINGS", request.trainEmbeddings() ? "True" : "False");
        v.put("CLASSIFICATION", classification ? "True" : "False");
        v.put("DATA_FOLDER", ClusterExport.DATA);
        v.put("DATA_FILE", python(file));
        v.put("EMBEDDING_FOLDER", ClusterExport.EMBEDDING);
        v.put("ADAPTER_FOLDER", ClusterExport.ADAPTER);
        v.put("OUTPUT_FOLDER", ClusterExport.OUTPUT);
        v.put("COLUMNS", !classification ? "" : "TEXT_COLUMN = " + python(request.columns().text()) + "\n"
                + "PAIR_COLUMN = " + (request.columns().pair() == null ? "None" : python(request.columns().pair()))
                + "\n" + "LABEL_COLUMN = " + python(request.columns().label()) + "\n");
        v.put("LEARNING_RATE", Double.toString(c.learningRate()));
        v.put("BATCH_SIZE", Integer.toString(c.batchSize()));
        v.put("MAX_LENGTH", Integer.toString(c.maxLength()));
        v.put("MAX_STEPS", Integer.toString(c.steps()));
        v.put("EPOCHS", Integer.toString(c.epochs()));
        v.put("WARMUP_RATIO", Double.toString(c.warmupRatio()));
        v.put("WEIGHT_DECAY", Double.toString(c.weightDecay()));
        v.put("MAX_GRAD_NORM", Double.toString(c.maxGradNorm()));
        v.put("SEED", Long.toString(c.seed()));
        v.put("EVAL_SPLIT", Double.toString(c.evalSplit()));
        v.put("EVAL_STEPS", Integer.toString(c.evalEvery()));
        v.put("SAVE_STEPS", Integer.toString(c.checkpointEvery()));
        v.put("MLM_PROBABILITY", Double.toString(c.maskProbability()));
        v.put("BF16", c.precision() == Precision.BF16 ? "True" : "False");
        v.put("FORMAT", !classification ? "\"text\"" : lower.endsWith(".jsonl") || lower.endsWith(".json")
                ? "\"jsonl\"" : lower.endsWith(".tsv") || lower.endsWith(".tab") ? "\"tsv\"" : "\"csv\"");
        return v;
    }

    /**
     * {@code template} without its {@code #%} notes and with every placeholder replaced.
     *
     * @throws IllegalArgumentException naming a placeholder that has no value
     */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(NOTE.matcher(template).replaceAll(""));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group("block") != null ? m.group("block") : m.group("inline");
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the template's placeholder __ES_" + name + "__ has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A Python string literal. */
    static String python(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
