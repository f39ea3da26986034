package org.embeddingstudio.app.ui.training;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.TrainingData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The form's data section: the objective, the text file or dataset, its columns (classification), the first rows as
 * they will be read, and why the file would be rejected.
 */
public final class TrainingDataViewModel {
    private static final int PREVIEW_ROWS = 5;

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ObservableBooleanValue running;
    private final ObjectProperty<Objective> objective = new SimpleObjectProperty<>(Objective.MASKED_LM);
    private final ObjectProperty<Path> dataFile = new SimpleObjectProperty<>();
    private final ObservableList<Objective> objectives = FXCollections.observableArrayList(Objective.forEncoders());
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final StringProperty textColumn = new SimpleStringProperty();
    private final StringProperty pairColumn = new SimpleStringProperty();
    private final StringProperty labelColumn = new SimpleStringProperty();
    private final ObservableList<List<String>> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper dataProblem = new ReadOnlyStringWrapper("");
    /** The data last chosen while each embedding was active: data suits one vocabulary, not every one. */
    private final Map<String, DataChoice> dataByEmbedding = new HashMap<>();
    private String embedding;
    private boolean readingHeader;
    private long readGeneration;

    private record DataChoice(Objective objective, Path file) {
    }

    /**
     * @param tasks   where the file is read: a corpus can be large
     * @param running whether a run is going on (a suggestion does not replace the data then)
     */
    public TrainingDataViewModel(TaskRunner tasks, DialogService dialogs, ObservableBooleanValue running) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.running = running;
        objective.addListener((o, a, b) -> readData());
        dataFile.addListener((o, a, b) -> readData());
        Stream.of(textColumn, pairColumn, labelColumn).forEach(p -> p.addListener((o, a, b) -> {
            if (!readingHeader) {
                readPreview();
            }
        }));
    }

    /**
     * What reading the file found.
     *
     * @param columns the dataset's columns, or null to keep the list as it is
     * @param chosen  the columns to select (the guessed ones), or null to keep the selection
     * @param rows    the preview's rows
     * @param problem why the file will be rejected, or ""
     */
    private record Read(List<String> columns, ClassificationDatasetReader.Columns chosen, List<List<String>> rows,
                        String problem) {
    }

    /** Reads the header (classification: the columns, guessed) and the first rows, in the background. */
    private void readData() {
        Objective kind = objective.get();
        read(file -> {
            if (kind == Objective.CLASSIFICATION) {
                return readDataset(file);
            }
            Read rows = readRows(file, kind, null);
            return new Read(List.of(), null, rows.rows(), rows.problem()); // masked-LM has no columns
        });
    }

    /** The first rows as they will be read with the chosen columns, or the reason the file will be rejected. */
    private void readPreview() {
        Objective kind = objective.get();
        ClassificationDatasetReader.Columns chosen = columns();
        read(file -> readRows(file, kind, chosen));
    }

    /**
     * Reads {@code file} on the task runner: a large corpus must not freeze the window. Until the result arrives
     * the data counts as not checked yet; a result for an earlier choice (file, objective, columns) is dropped.
     */
    private void read(Function<Path, Read> reading) {
        long generation = ++readGeneration;
        Path file = dataFile.get();
        preview.clear();
        dataProblem.set("");
        if (file == null) {
            return;
        }
        dataProblem.set("Reading " + file.getFileName() + "…");
        tasks.run("Reading " + file.getFileName() + "…", (progress, cancellation) -> reading.apply(file),
                read -> {
                    if (generation == readGeneration) {
                        show(read);
                    }
                }, error -> {
                    if (generation == readGeneration) {
                        dataProblem.set(String.valueOf(error.getMessage()));
                    }
                });
    }

    private void show(Read read) {
        if (read.columns() != null) {
            readingHeader = true;
            try {
                columns.setAll(read.columns());
                if (read.chosen() != null) {
                    textColumn.set(read.chosen().text());
                    pairColumn.set(read.chosen().pair());
                    labelColumn.set(read.chosen().label());
                }
            } finally {
                readingHeader = false;
            }
        }
        preview.setAll(read.rows());
        dataProblem.set(read.problem());
    }

    /** The dataset's header with the guessed columns, and the first rows read with them (a background thread). */
    private static Read readDataset(Path file) {
        List<String> header;
        ClassificationDatasetReader.Columns chosen;
        try {
            TrainingData.requireUtf8(file);
            header = ClassificationDatasetReader.header(file);
            var guess = ClassificationDatasetReader.Columns.guess(header);
            chosen = new ClassificationDatasetReader.Columns(
                    guess.text() != null ? guess.text() : header.isEmpty() ? null : header.get(0), guess.pair(),
                    guess.label() != null ? guess.label() : header.isEmpty() ? null : header.get(header.size() - 1));
        } catch (IOException | RuntimeException e) {
            return new Read(List.of(), null, List.of(), String.valueOf(e.getMessage()));
        }
        String pair = chosen.pair();
        Read rows = readRows(file, Objective.CLASSIFICATION, new ClassificationDatasetReader.Columns(chosen.text(),
                pair == null || pair.isEmpty() ? null : pair, chosen.label()));
        return new Read(header, chosen, rows.rows(), rows.problem());
    }

    /** The first rows: (text) for masked-LM, (text, pair, label) for classification (a background thread). */
    private static Read readRows(Path file, Objective kind, ClassificationDatasetReader.Columns chosen) {
        List<List<String>> rows = new ArrayList<>();
        try {
            if (kind == Objective.CLASSIFICATION) {
                List<LabeledExample> examples = TrainingData.examples(file, chosen);
                examples.stream().limit(PREVIEW_ROWS).forEach(e -> rows.add(List.of(e.text(),
                        e.pair() == null ? "" : e.pair(), e.label())));
            } else {
                TrainingData.requireUtf8(file);
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank()).limit(PREVIEW_ROWS).forEach(l -> rows.add(List.of(l)));
                }
                if (rows.isEmpty()) {
                    return new Read(null, null, rows, file + " is empty: training on a text file needs text");
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Read(null, null, rows, String.valueOf(e.getMessage()));
        }
        return new Read(null, null, rows, "");
    }

    /**
     * Offers a masked-LM text file (the demo's corpus) for training {@code forEmbedding}, unless the user chose data
     * for it already.
     */
    public void suggestData(Path textFile, String forEmbedding) {
        if (dataByEmbedding.containsKey(forEmbedding)) {
            return;
        }
        Objective onText = objectives.contains(Objective.CAUSAL_LM) ? Objective.CAUSAL_LM : Objective.MASKED_LM;
        dataByEmbedding.put(forEmbedding, new DataChoice(onText, textFile));
        if (forEmbedding.equals(embedding) && dataFile.get() == null && !running.get()) {
            objective.set(onText);
            dataFile.set(textFile);
        }
    }

    /**
     * Shows the data chosen while {@code name} was last active (none if it never was), keeping the current choice
     * for the embedding active until now: German text must not stay chosen when a Sinhala embedding becomes active.
     */
    public void showDataFor(String name) {
        if (name == null || name.equals(embedding) || running.get()) {
            return;
        }
        if (embedding != null && dataFile.get() != null) {
            dataByEmbedding.put(embedding, new DataChoice(objective.get(), dataFile.get()));
        }
        embedding = name;
        DataChoice choice = dataByEmbedding.get(name);
        if (choice != null) {
            objective.set(choice.objective());
        }
        dataFile.set(choice == null ? null : choice.file());
    }

    /** Keeps the current data for {@code name}, e.g. a copy made to train in place of the active embedding. */
    public void keepDataFor(String name) {
        if (dataFile.get() != null) {
            dataByEmbedding.put(name, new DataChoice(objective.get(), dataFile.get()));
        }
    }

    /** Forgets every embedding's data: another model's "default" is another embedding. */
    public void forgetEmbeddings(String active) {
        dataByEmbedding.clear();
        embedding = active;
    }

    /** Asks for the text file or dataset the objective needs. */
    public void chooseDataFile() {
        boolean classification = objective.get() == Objective.CLASSIFICATION;
        dialogs.chooseFileToOpen(classification ? "Choose a Classification Dataset" : "Choose a Text File",
                classification ? ".csv .tsv .jsonl" : ".txt").ifPresent(dataFile::set);
    }

    /** The chosen columns; an empty pair column means none. */
    ClassificationDatasetReader.Columns columns() {
        String pair = pairColumn.get();
        return new ClassificationDatasetReader.Columns(textColumn.get(), pair == null || pair.isEmpty() ? null : pair,
                labelColumn.get());
    }

    public ObjectProperty<Objective> objectiveProperty() {
        return objective;
    }

    /** The objectives the open model trains on, in the order the form offers them. */
    public ObservableList<Objective> objectives() {
        return objectives;
    }

    /**
     * Offers what the open model trains on: next-token prediction for a decoder, masked-LM and classification for
     * an encoder; the chosen objective follows when the model's kind changes.
     */
    public void offerObjectivesFor(boolean decoder) {
        List<Objective> offered = decoder ? List.of(Objective.CAUSAL_LM) : Objective.forEncoders();
        if (!objectives.equals(offered)) {
            objectives.setAll(offered);
        }
        if (!offered.contains(objective.get())) {
            objective.set(offered.getFirst());
        }
    }

    /** Whether the objective is classification (which shows the column choices). */
    public BooleanBinding classificationBinding() {
        return objective.isEqualTo(Objective.CLASSIFICATION);
    }

    public ObjectProperty<Path> dataFileProperty() {
        return dataFile;
    }

    public ObservableList<String> columnNames() {
        return columns;
    }

    public StringProperty textColumnProperty() {
        return textColumn;
    }

    public StringProperty pairColumnProperty() {
        return pairColumn;
    }

    public StringProperty labelColumnProperty() {
        return labelColumn;
    }

    /** The first rows: (text) for masked-LM, (text, pair, label) for classification. */
    public ObservableList<List<String>> preview() {
        return preview;
    }

    /** Why the data would be rejected, or "". */
    public ReadOnlyStringProperty dataProblemProperty() {
        return dataProblem.getReadOnlyProperty();
    }
}
