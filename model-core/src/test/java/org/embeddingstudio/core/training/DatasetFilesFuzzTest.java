package org.embeddingstudio.core.training;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.embeddingstudio.core.io.FuzzedFiles;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Fuzz target for training datasets: the first byte picks CSV, TSV or JSONL, the rest is the file. */
class DatasetFilesFuzzTest {
    private static final List<String> NAMES = List.of("train.csv", "train.tsv", "train.jsonl");

    @FuzzTest
    void trainingDataset(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        Path file = FuzzedFiles.write(NAMES.get(Byte.toUnsignedInt(bytes[0]) % NAMES.size()),
                Arrays.copyOfRange(bytes, 1, bytes.length));
        FuzzedFiles.readOrRefused(file, () -> {
            List<String> header = ClassificationDatasetReader.header(file);
            List<LabeledExample> examples = ClassificationDatasetReader.read(file,
                    ClassificationDatasetReader.Columns.guess(header));
            for (LabeledExample example : examples) {
                if (example.text() == null || example.label() == null) {
                    throw new AssertionError("an example without text or label: " + example);
                }
            }
        });
    }
}
