package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warning before a run on data the trained embedding's tokenizer does not suit. */
class DataFitTest {
    @TempDir
    Path folder;

    private Tokenizer english() {
        return TestTokenizers.wordPiece(folder.resolve("english"), TestTokenizers.words("d", "e", "r", "##i", "##e",
                "##r", "##u", "##n", "##d", "##h", "##a", "##s", "##t", "u", "h", "s", "t", "n", "k", "##k", "##z",
                "z"));
    }

    @Test
    void dataInTheTokenizersLanguageFitsWithoutAWarning() throws IOException {
        Path data = Files.write(folder.resolve("english.txt"), List.of("the cat sat on the mat .", "",
                "a big dog ran and the small cat was red ."));
        DataFit fit = DataFit.measure("default", english(), Objective.MASKED_LM, data, null);
        assertEquals(2, fit.texts(), "blank lines are not texts");
        assertEquals(0, fit.coverage().unknown());
        assertFalse(fit.poor());
        assertTrue(fit.warning().isEmpty());
    }

    @Test
    void dataInAnotherLanguageIsNamedWithItsUnknownRate() throws IOException {
        Path data = Files.write(folder.resolve("german.txt"), List.of("Ärger über Öl führt zu Übermut .",
                "the cat sat on the mat ."));
        DataFit fit = DataFit.measure("default", english(), Objective.MASKED_LM, data, null);
        assertTrue(fit.coverage().unknownRate() > DataFit.HIGH_UNKNOWN_RATE, "Ä, Ü, Ö, ü, f are not in the vocabulary");
        String warning = fit.warning().orElseThrow();
        assertTrue(warning.contains("'default'") && warning.contains("% unknown tokens"), warning);
    }

    @Test
    void wordsCutIntoManyPiecesAreAPoorFitEvenWithoutUnknownTokens() {
        DataFit fit = DataFit.of("german", english(), List.of("derundhast kunterkunst", "undzuhaus hakst"));
        assertEquals(0, fit.coverage().unknown());
        assertTrue(fit.coverage().fertility() > DataFit.HIGH_FERTILITY, "letter by letter");
        assertTrue(fit.warning().orElseThrow().contains("tokens per word"));
    }

    @Test
    void textWithoutSpacesIsNotJudgedByTokensPerWord() {
        // Japanese or Thai: a line is one whitespace "word", so tokens per word says nothing about the fit.
        DataFit fit = DataFit.of("ja", english(), List.of("derundhastkunterkunstundzuhaushakst"));
        assertFalse(fit.spaced());
        assertFalse(fit.poor());
    }
}
