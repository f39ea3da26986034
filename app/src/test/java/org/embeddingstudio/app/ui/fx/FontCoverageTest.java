package org.embeddingstudio.app.ui.fx;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which scripts a desktop cannot draw, and what the user is told to install. */
public class FontCoverageTest {
    /** A desktop like this VM's: Latin fonts, no Sinhala one. */
    public static final FontCoverage WITHOUT_SINHALA = new FontCoverage(
            codePoint -> Character.UnicodeScript.of(codePoint) != Character.UnicodeScript.SINHALA);

    @Test
    void sinhalaWithoutAFontIsNamedWithTheFontToInstall() {
        String advice = WITHOUT_SINHALA.adviceFor("ශ්‍රී ලංකාව and Latin");

        assertTrue(advice.startsWith("Sinhala text shows as boxes"), advice);
        assertTrue(advice.contains("Install Noto Sans Sinhala"), advice);
        assertEquals(Set.of(Character.UnicodeScript.SINHALA), WITHOUT_SINHALA.missingIn("ලංකාව"));
    }

    @Test
    void textEveryFontDrawsNeedsNoAdvice() {
        assertEquals("", WITHOUT_SINHALA.adviceFor("Die Forscher trainieren, 42 × 3 → ✓"));
    }

    @Test
    void aVocabularysStrayCharactersOfOtherScriptsAreNotItsLanguage() {
        FontCoverage latinOnly = new FontCoverage(
                codePoint -> Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.LATIN);
        String vocabulary = "the and of to in is was for on " + "ශ"; // one Sinhala letter among 25 Latin ones

        assertEquals("", latinOnly.adviceFor(vocabulary, 0.05));
        assertTrue(latinOnly.adviceFor(vocabulary, 0).startsWith("Sinhala"), "a sentence: every script counts");
    }

    @Test
    void eachScriptIsAskedOnce() {
        AtomicInteger asked = new AtomicInteger();
        FontCoverage fonts = new FontCoverage(codePoint -> {
            asked.incrementAndGet();
            return true;
        });
        fonts.missingIn("ලංකාව ලංකාව abc");
        fonts.missingIn("more abc ලං");
        assertEquals(1, asked.get(), "Sinhala once; Latin never (every desktop JavaFX runs on has it)");
    }
}
