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
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.LabeledExample;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.TrainingData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The form's data section: the objective, the text file or dataset, its columns (classification), the first rows as
 * they will be read, and why the file would be rejected.
 */
public final class TrainingDataViewModel {
    private static final int PREVIEW_ROWS = 5;

    private final DialogService dialogs;
    private final ObservableBooleanValue running;
    private final ObjectProperty<Objective> objective = new SimpleObjectProperty<>(Objective.MASKED_LM);
    private final ObjectProperty<Path> dataFile = new SimpleObjectProperty<>();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final StringProperty textColumn = new SimpleStringProperty();
    private final StringProperty pairColumn = new SimpleStringProperty();
    private final StringProperty labelColumn = new SimpleStringProperty();
    private final ObservableList<List<String>> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper dataProblem = new ReadOnlyStringWrapper("");
    private boolean readingHeader;

    /** @param running whether a run is going on (a suggestion does not replace the data then) */
    public TrainingDataViewModel(DialogService dialogs, ObservableBooleanValue running) {
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

    private void readData() {
        Path file = dataFile.get();
        preview.clear();
        dataProblem.set("");
        if (file == null) {
            return;
        }
        if (objective.get() == Objective.CLASSIFICATION) {
            try {
                TrainingData.requireUtf8(file);
                List<String> header = ClassificationDatasetReader.header(file);
                var guess = ClassificationDatasetReader.Columns.guess(header);
                readingHeader = true;
                columns.setAll(header);
                textColumn.set(guess.text() != null ? guess.text() : header.isEmpty() ? null : header.get(0));
                pairColumn.set(guess.pair());
                labelColumn.set(guess.label() != null ? guess.label()
                        : header.isEmpty() ? null : header.get(header.size() - 1));
            } catch (IOException | RuntimeException e) {
                columns.clear();
                dataProblem.set(String.valueOf(e.getMessage()));
                return;
            } finally {
                readingHeader = false;
            }
        } else {
            columns.clear();
        }
        readPreview();
    }

    /** The first rows as they will be read, or the reason the file will be rejected. */
    private void readPreview() {
        Path file = dataFile.get();
        preview.clear();
        dataProblem.set("");
        if (file == null) {
            return;
        }
        try {
            if (objective.get() == Objective.CLASSIFICATION) {
                List<LabeledExample> examples = TrainingData.examples(file, columns());
                examples.stream().limit(PREVIEW_ROWS).forEach(e -> preview.add(List.of(e.text(),
                        e.pair() == null ? "" : e.pair(), e.label())));
            } else {
                TrainingData.requireUtf8(file);
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank()).limit(PREVIEW_ROWS).forEach(l -> preview.add(List.of(l)));
                }
                if (preview.isEmpty()) {
                    dataProblem.set(file + " is empty: masked-LM training needs text");
                }
            }
        } catch (IOException | RuntimeException e) {
            dataProblem.set(String.valueOf(e.getMessage()));
        }
    }

    /** Offers a masked-LM text file (the demo's corpus) unless the user chose data already. */
    public void suggestData(Path textFile) {
        if (dataFile.get() == null && !running.get()) {
            objective.set(Objective.MASKED_LM);
            dataFile.set(textFile);
        }
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

    /** Every objective, in the order the form offers them. */
    public ObservableList<Objective> objectives() {
        return FXCollections.observableArrayList(Objective.values());
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
