package org.embeddingstudio.app.ui.overlap;

import org.embeddingstudio.core.overlap.CorpusCoverage;
import org.embeddingstudio.core.overlap.TokenizerCoverage;

import java.nio.file.Path;
import java.util.Locale;

/** The Overlap tab's corpus-coverage figures as the sentences it shows. */
final class CoverageText {
    private CoverageText() {
    }

    /** @param normalized the mode the matching that decides "copied" ran in, named so no figure is ambiguous */
    static String of(CorpusCoverage measured, Path file, String nameA, String nameB, boolean normalized) {
        return String.format(Locale.ROOT, "%s: %,d words (%s mode).%n%s%n%s%n"
                        + "%.1f %% of '%s''s %,d token occurrences start from a copied row%s, %.1f %% random.",
                file.getFileName(), measured.target().words(), normalized ? "normalized" : "exact",
                cuts(nameA, measured.target()), cuts(nameB, measured.reference()),
                100 * measured.copiedShare(), nameA, measured.target().tokens(),
                measured.falseFriendOccurrences() == 0 ? ""
                        : String.format(Locale.ROOT, " (%.1f %% from false friends)",
                                100 * measured.falseFriendShare()),
                100.0 * measured.randomOccurrences() / Math.max(1, measured.target().tokens()));
    }

    /** Per word for spaced scripts, per 1 000 characters for any script (Japanese has no spaces to count words by). */
    private static String cuts(String embedding, TokenizerCoverage coverage) {
        return String.format(Locale.ROOT, "'%s': %.2f tokens per word, %.0f per 1 000 characters, %.1f bytes per "
                        + "token, [UNK] %.2f %%.", embedding, coverage.fertility(),
                coverage.tokensPerThousandCharacters(), coverage.bytesPerToken(), 100 * coverage.unknownRate());
    }
}
