package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.io.FileFormatException;
import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's data is checked before any step, the message naming the file, the row and the column. */
class TrainingDataTest {
    static final ClassificationDatasetReader.Columns COLUMNS =
            new ClassificationDatasetReader.Columns("text", null, "label");
    @TempDir
    Path temp;

    @Test
    void aFileThatIsNotUtf8IsRejectedNamingTheRow() throws Exception {
        Path latin1 = temp.resolve("latin1.tsv");
        Files.write(latin1, "text\tlabel\nw5\tpos\ngr\u00fcn\tneg\n".getBytes(StandardCharsets.ISO_8859_1));
        var error = assertThrows(FileFormatException.class, () -> TrainingData.requireUtf8(latin1));
        assertTrue(error.getMessage().contains("latin1.tsv") && error.getMessage().contains("row 3")
                && error.getMessage().contains("not UTF-8"), error.getMessage());
    }

    @Test
    void aRowWithoutALabelIsRejectedNamingRowAndColumn() throws Exception {
        Path reviews = Files.writeString(temp.resolve("reviews.csv"), "text,label\nw5 w6,pos\nw7 w8,\nw9,neg\n");
        var error = assertThrows(FileFormatException.class, () -> TrainingData.examples(reviews, COLUMNS));
        assertTrue(error.getMessage().contains("row 3") && error.getMessage().contains("'label'"),
                error.getMessage());
    }

    @Test
    void classificationNeedsTwoLabels() throws Exception {
        Path one = Files.writeString(temp.resolve("one.csv"), "text,label\nw5,pos\nw6,pos\n");
        var error = assertThrows(FileFormatException.class, () -> TrainingData.examples(one, COLUMNS));
        assertTrue(error.getMessage().contains("only one label"), error.getMessage());
        Path two = Files.writeString(temp.resolve("two.csv"), "text,label\nw5,pos\nw6,neg\n");
        assertEquals(2, TrainingData.examples(two, COLUMNS).size());
    }

    @Test
    void aMissingFileIsNamed() {
        var error = assertThrows(FileFormatException.class,
                () -> TrainingData.requireUtf8(temp.resolve("gone.txt")));
        assertTrue(error.getMessage().contains("gone.txt"), error.getMessage());
    }
}
