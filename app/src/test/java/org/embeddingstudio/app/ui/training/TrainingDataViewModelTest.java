package org.embeddingstudio.app.ui.training;

import javafx.beans.property.SimpleBooleanProperty;
import org.embeddingstudio.app.ui.fx.DeferredTaskRunner;
import org.embeddingstudio.core.training.run.Objective;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data section reads files on the task runner, never on the UI thread, and drops a result that came late. */
class TrainingDataViewModelTest {
    @TempDir
    Path temp;
    DeferredTaskRunner tasks;
    TrainingDataViewModel data;

    @BeforeEach
    void create() {
        tasks = new DeferredTaskRunner();
        data = new TrainingDataViewModel(tasks, null, new SimpleBooleanProperty(false));
    }

    @Test
    void thePreviewArrivesThroughTheTaskRunner() throws Exception {
        Path corpus = Files.writeString(temp.resolve("corpus.txt"), "first line\n\nsecond line\n");

        data.dataFileProperty().set(corpus);

        assertTrue(data.preview().isEmpty(), "nothing is read on the UI thread");
        assertEquals(List.of("Reading corpus.txt…"), tasks.pending().stream().map(p -> p.title()).toList());
        assertEquals("Reading corpus.txt…", data.dataProblemProperty().get(), "the data is not checked yet");
        tasks.runAll();
        assertEquals(List.of(List.of("first line"), List.of("second line")), data.preview());
        assertEquals("", data.dataProblemProperty().get());
    }

    @Test
    void aPreviewOfAnEarlierChoiceIsDroppedWhenItArrivesLate() throws Exception {
        Path first = Files.writeString(temp.resolve("first.txt"), "old text\n");
        Path second = Files.writeString(temp.resolve("second.txt"), "new text\n");
        data.dataFileProperty().set(first);
        data.dataFileProperty().set(second);
        var reads = tasks.pending();
        assertEquals(2, reads.size());

        reads.get(1).run(); // the newer read finishes first…
        reads.get(0).run(); // …and the older one after it

        assertEquals(List.of(List.of("new text")), data.preview(), "the stale preview was dropped");
        assertEquals("", data.dataProblemProperty().get());
    }

    @Test
    void aDatasetsColumnsArriveWithItsPreviewAndAChosenColumnIsReadAgain() throws Exception {
        Path reviews = Files.writeString(temp.resolve("reviews.csv"),
                "sentence,hypothesis,label\nw5 w6,w7,pos\nw8,w9,neg\n");
        data.objectiveProperty().set(Objective.CLASSIFICATION);
        data.dataFileProperty().set(reviews);
        assertTrue(data.columnNames().isEmpty(), "the header is read in the background too");
        tasks.runAll();
        assertEquals(List.of("sentence", "hypothesis", "label"), data.columnNames());
        assertEquals("sentence", data.textColumnProperty().get());
        assertEquals(List.of("w5 w6", "", "pos"), data.preview().get(0));
        assertTrue(tasks.pending().isEmpty(), "choosing the guessed columns reads nothing more");

        data.pairColumnProperty().set("hypothesis");
        assertTrue(data.preview().isEmpty());
        tasks.runAll();
        assertEquals(List.of("w5 w6", "w7", "pos"), data.preview().get(0));
    }

    @Test
    void clearingTheFileDropsAReadStillUnderWay() throws Exception {
        data.dataFileProperty().set(Files.writeString(temp.resolve("corpus.txt"), "text\n"));
        data.dataFileProperty().set(null);
        tasks.runAll();
        assertTrue(data.preview().isEmpty());
        assertEquals("", data.dataProblemProperty().get());
    }
}
