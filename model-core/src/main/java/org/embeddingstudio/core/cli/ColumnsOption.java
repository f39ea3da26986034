package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.training.ClassificationDatasetReader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --text-column}, {@code --pair-column}, {@code --label-column}: which columns of classification data to
 * use.
 */
final class ColumnsOption {
    @Option(names = "--text-column", paramLabel = "C", description = "Classification: the text column "
            + "(default: text, sentence, sentence1, …).")
    String text;

    @Option(names = "--pair-column", paramLabel = "C", description = "Classification: the second text of a pair.")
    String pair;

    @Option(names = "--label-column", paramLabel = "C", description = "Classification: the label column "
            + "(default: label).")
    String label;

    boolean anyGiven() {
        return text != null || pair != null || label != null;
    }

    /** The columns given, the others guessed from the header of {@code data} as the Training window guesses them. */
    ClassificationDatasetReader.Columns resolve(Path data) throws IOException {
        ClassificationDatasetReader.Columns guessed = ClassificationDatasetReader.Columns.guess(
                ClassificationDatasetReader.header(data));
        return new ClassificationDatasetReader.Columns(text != null ? text : guessed.text(),
                pair != null ? pair : guessed.pair(), label != null ? label : guessed.label());
    }
}
