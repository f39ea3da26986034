package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.ClassificationTask;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.MaskedLmTask;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.TrainingTask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and checks a run's data before any step runs, so a bad file is rejected with a message naming the file, the
 * row and the column, not half-way through a run.
 */
public final class TrainingData {
    private TrainingData() {
    }

    /** Every example of a classification dataset, checked: UTF-8, rows complete, every label present, two labels. */
    public static List<LabeledExample> examples(Path file, ClassificationDatasetReader.Columns columns)
            throws IOException {
        requireUtf8(file);
        List<LabeledExample> examples = ClassificationDatasetReader.read(file, columns);
        for (int i = 0; i < examples.size(); i++) {
            LabeledExample example = examples.get(i);
            if (example.label().isEmpty()) {
                throw new FileFormatException(file, "row " + (i + 2) + " has no label in column '" + columns.label()
                        + "'");
            }
            if (example.text().isBlank()) {
                throw new FileFormatException(file, "row " + (i + 2) + " has no text in column '" + columns.text()
                        + "'");
            }
        }
        long labels = examples.stream().map(LabeledExample::label).distinct().count();
        if (labels < 2) {
            throw new FileFormatException(file, "column '" + columns.label() + "' holds only one label ("
                    + examples.get(0).label() + "); classification needs at least two");
        }
        return examples;
    }

    /** The task of a request, its data encoded with {@code tokenizer} (the trained embedding's own). */
    public static TrainingTask<AdapterModel> task(RunRequest request, Tokenizer tokenizer) throws IOException {
        return task(request.objective(), request.data(), request.columns(), request.config(), tokenizer, null);
    }

    /**
     * The task of an objective over {@code data}, encoded with {@code tokenizer}.
     *
     * @param headLabels the labels of the classification head that will train, in its order, or null; used as the
     *                   class order when they include every label of the data, so that a head trained elsewhere
     *                   (adapters keeps its own label2id order) goes on meaning what it meant
     */
    public static TrainingTask<AdapterModel> task(Objective objective, Path data,
                                                  ClassificationDatasetReader.Columns columns, TrainingConfig config,
                                                  Tokenizer tokenizer, List<String> headLabels)
            throws IOException {
        if (objective == Objective.CAUSAL_LM) {
            throw new IllegalArgumentException("next-token prediction trains decoder models; this one is a "
                    + "masked-LM encoder");
        }
        if (objective == Objective.CLASSIFICATION) {
            List<LabeledExample> examples = examples(data, columns);
            boolean covered = headLabels != null
                    && examples.stream().allMatch(e -> headLabels.contains(e.label()));
            return ClassificationTask.of(examples, tokenizer, config, covered ? headLabels : null);
        }
        requireUtf8(data);
        if (Files.readString(data).isBlank()) {
            throw new FileFormatException(data, "is empty: masked-LM training needs text");
        }
        return MaskedLmTask.fromTextFile(data, tokenizer, config);
    }

    /** Rejects a file that is not UTF-8, saying in which row the first bad byte is. */
    public static void requireUtf8(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, "does not exist or is not a file");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, CharBuffer.allocate(bytes.length + 1), true);
        if (result.isError()) {
            int row = 1;
            for (int i = 0; i < in.position(); i++) {
                row += bytes[i] == '\n' ? 1 : 0;
            }
            throw new FileFormatException(file, "is not UTF-8 text: row " + row + " has a byte that is not UTF-8"
                    + " (save the file as UTF-8)");
        }
    }
}
