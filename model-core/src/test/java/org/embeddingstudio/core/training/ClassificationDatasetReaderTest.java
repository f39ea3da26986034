package org.embeddingstudio.core.training;

import org.embeddingstudio.core.Fixtures;
import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationDatasetReaderTest {
    @TempDir
    Path temp;

    @Test
    void csvHonoursQuotesCommasNewlinesAndDoubledQuotes() throws Exception {
        Path file = temp.resolve("data.csv");
        Files.writeString(file, "text,label\n\"a, b\",pos\n\"say \"\"hi\"\"\nthere\",neg\nplain,pos\n");
        List<LabeledExample> examples = ClassificationDatasetReader.read(file,
                ClassificationDatasetReader.Columns.guess(ClassificationDatasetReader.header(file)));
        assertEquals(List.of(new LabeledExample("a, b", null, "pos"),
                new LabeledExample("say \"hi\"\nthere", null, "neg"),
                new LabeledExample("plain", null, "pos")), examples);
    }

    @Test
    void jsonlReadsSentencePairs() throws Exception {
        Path file = temp.resolve("data.jsonl");
        Files.writeString(file, "{\"sentence1\": \"A cat.\", \"sentence2\": \"A feline.\", \"label\": 1}\n"
                + "{\"sentence1\": \"Rain.\", \"sentence2\": \"Sun.\", \"label\": 0}\n");
        ClassificationDatasetReader.Columns columns =
                ClassificationDatasetReader.Columns.guess(ClassificationDatasetReader.header(file));
        assertEquals(new ClassificationDatasetReader.Columns("sentence1", "sentence2", "label"), columns);
        assertEquals(new LabeledExample("Rain.", "Sun.", "0"), ClassificationDatasetReader.read(file, columns).get(1));
    }

    @Test
    void mrpcTsvFromAdaptersFixturesReadsAsPairs() throws Exception {
        Path file = Fixtures.path("datasets/mrpc_sample.tsv");
        ClassificationDatasetReader.Columns columns =
                ClassificationDatasetReader.Columns.guess(ClassificationDatasetReader.header(file));
        List<LabeledExample> examples = ClassificationDatasetReader.read(file, columns);
        assertEquals(6, examples.size());
        assertTrue(examples.stream().allMatch(e -> e.pair() != null && Set.of("0", "1").contains(e.label())));
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThatExist() throws Exception {
        Path file = temp.resolve("data.tsv");
        Files.writeString(file, "sentence\tgold\nhello\tx\n");
        ClassificationDatasetReader.Columns columns =
                ClassificationDatasetReader.Columns.guess(ClassificationDatasetReader.header(file));
        assertNull(columns.label());
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> ClassificationDatasetReader.read(file, new ClassificationDatasetReader.Columns("sentence", null,
                        "label")));
        assertTrue(e.getMessage().contains("data.tsv") && e.getMessage().contains("'label'")
                && e.getMessage().contains("gold"), e.getMessage());
    }

    @Test
    void brokenJsonAndUnclosedQuotesNameTheLine() throws Exception {
        Path jsonl = temp.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"text\": \"a\", \"label\": 1}\n{not json\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> ClassificationDatasetReader.read(jsonl,
                new ClassificationDatasetReader.Columns("text", null, "label")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path csv = temp.resolve("bad.csv");
        Files.writeString(csv, "text,label\n\"open,pos\n");
        FileFormatException quote = assertThrows(FileFormatException.class, () -> ClassificationDatasetReader.read(csv,
                new ClassificationDatasetReader.Columns("text", null, "label")));
        assertTrue(quote.getMessage().contains("never closes"), quote.getMessage());
    }
}
