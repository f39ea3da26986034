package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.NumberSplitting;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.Locale;

/**
 * What the Overlap tab says beside the chosen mode's figures: the shared count both ways — by identical string, as
 * {@code adapters} copies rows, and byte-normalised (GPT-2's Ġ, SentencePiece's ▁ and byte-fallback tokens decoded
 * to the bytes they stand for), which is what carries over between byte-level vocabularies (tokenkit: Gemma 2 ∩
 * Llama 3 is 25 632 by string, 85 699 by bytes) — and how each tokenizer splits numbers, the known failure of
 * zero-shot tokenizer transfer on arithmetic when they differ.
 */
record OverlapDiagnosis(int sharedExact, int sharedNormalized, NumberSplitting numbersA, NumberSplitting numbersB) {
    /** Compares A (the new vocabulary) with B both ways and probes both with the same long number. */
    static OverlapDiagnosis of(Tokenizer target, Tokenizer reference) {
        int exact = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(), MatchOptions.exact())
                .shared();
        int normalized = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(),
                MatchOptions.normalized()).shared();
        return new OverlapDiagnosis(exact, normalized, NumberSplitting.of(target), NumberSplitting.of(reference));
    }

    /** Two or three lines for the summary; one line for the numbers where both sides split them alike. */
    String describe(String nameA, String nameB) {
        String shared = String.format(Locale.ROOT, "Shared both ways: %,d by identical string (as adapters copies), "
                + "%,d byte-normalised.%n", sharedExact, sharedNormalized);
        if (numbersA.describe().equals(numbersB.describe())) {
            String both = nameA.equals(nameB) ? "'" + nameA + "'" : "'" + nameA + "' and '" + nameB + "' alike";
            return shared + "Numbers in " + both + ": " + numbersA.describe();
        }
        String text = shared + "Numbers in '" + nameA + "': " + numbersA.describe() + "\nNumbers in '" + nameB + "': "
                + numbersB.describe();
        return numbersA.differsFrom(numbersB) ? text + "\nThey split numbers differently: what '" + nameB
                + "' rows learned about digits does not carry over as they are." : text;
    }
}
