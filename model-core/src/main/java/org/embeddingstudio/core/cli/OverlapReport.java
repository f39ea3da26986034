package org.embeddingstudio.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.overlap.CorpusCoverage;
import org.embeddingstudio.core.overlap.FalseFriend;
import org.embeddingstudio.core.overlap.MatchKind;
import org.embeddingstudio.core.overlap.NumberSplitting;
import org.embeddingstudio.core.overlap.OverlapBreakdown;
import org.embeddingstudio.core.overlap.TokenPair;
import org.embeddingstudio.core.overlap.TokenizerCoverage;
import org.embeddingstudio.core.overlap.VocabularyIntersections;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code overlap} run, as text for the terminal, CSV (rows) and JSON (everything). Tokens are
 * printed as people read them ({@link ReadableToken}), the raw token beside where it differs; the CSV has both.
 */
record OverlapReport(List<Path> tokenizers, Vocabulary target, Vocabulary reference, VocabularyOverlap overlap,
                     OverlapBreakdown breakdown, CorpusCoverage coverage,
                     List<VocabularyIntersections.Subset> intersections, SharedBothWays sharedBothWays,
                     NumberSplitting numbersA, NumberSplitting numbersB) {

    /**
     * Shared tokens counted both ways, whatever the mode: identical strings (adapters) and byte-normalised pieces.
     */
    record SharedBothWays(int exactStrings, int normalized) {
    }

    void print(PrintWriter out, int examples) {
        out.printf("A (new):       %s, %s%n", tokenizers.get(0), size(overlap.targetTokens()));
        out.printf("B (reference): %s, %s%n", tokenizers.get(1), size(overlap.referenceTokens()));
        out.printf("Mode: %s%n", overlap.options().mode().name().toLowerCase(Locale.ROOT));
        out.printf("Shared: %d (A rows copied from B: exact %d, normalized %d, special by role %d)%n",
                overlap.shared(), overlap.count(MatchKind.EXACT), overlap.count(MatchKind.NORMALIZED),
                overlap.count(MatchKind.SPECIAL_BY_ROLE));
        out.printf("Only in A (random rows): %d; B rows not copied: %d%n", overlap.onlyTarget(),
                overlap.onlyReference());
        out.printf("Shared both ways: %d by exact string (adapters), %d byte-normalised%n",
                sharedBothWays.exactStrings(), sharedBothWays.normalized());
        out.printf("Numbers: A %s%n         B %s%n", numbersA.describe(), numbersB.describe());
        if (numbersA.differsFrom(numbersB)) {
            out.println("  A and B split numbers differently: what B's rows learned about digits does not carry over"
                    + " as they are (the known failure of zero-shot tokenizer transfer on arithmetic).");
        }
        out.printf("False friends: %d of %d exact-string matches%n", overlap.falseFriends().size(),
                overlap.exactStringMatches());
        if (!overlap.falseFriends().isEmpty()) {
            out.println(overlap.falseFriendWarning());
            overlap.falseFriendExamples(examples).forEach(f -> out.printf("  %s: %s in A, %s in B%n",
                    shown(f.token(), target), f.inTarget(), f.inReference()));
        }
        out.println("By token class (A tokens / copied):");
        breakdown.byClass().forEach((k, c) -> out.printf("  %-16s %7d / %d%n", k, c.tokens(), c.copied()));
        out.println("By script:");
        breakdown.byScript().forEach((k, c) -> out.printf("  %-16s %7d / %d%n", k, c.tokens(), c.copied()));
        out.println("By length (characters):");
        breakdown.byLength().forEach((k, c) -> out.printf("  %-16s %7d / %d%n", k, c.tokens(), c.copied()));
        if (coverage != null) {
            printCoverage(out, "A", coverage.target());
            printCoverage(out, "B", coverage.reference());
            out.printf("Corpus token occurrences (under A) with copied rows: %.2f %% (%d random)%n",
                    100 * coverage.copiedShare(), coverage.randomOccurrences());
            if (coverage.falseFriendOccurrences() > 0) {
                out.printf("  of which copied from false friends (wrong meaning): %.2f %%%n",
                        100 * coverage.falseFriendShare());
            }
            out.println("Most frequent tokens that start random:");
            coverage.mostFrequentRandom().forEach(t -> out.printf("  %-20s %d%n", shown(t.token(), target),
                    t.count()));
        }
        if (!intersections.isEmpty()) {
            out.println("Intersections (tokens in exactly these vocabularies):");
            for (int i = 0; i < tokenizers.size(); i++) {
                out.printf("  %c = %s%n", (char) ('A' + i), tokenizers.get(i));
            }
            intersections.forEach(s -> out.printf("  %-20s %d%n", s.members().stream()
                    .map(i -> String.valueOf((char) ('A' + i))).reduce((a, b) -> a + "∩" + b).orElse(""), s.tokens()));
        }
    }

    /** {@code '␣für'}, and the raw token beside it where it reads otherwise: {@code '␣für' (raw 'ĠfÃ¼r')}. */
    private static String shown(String token, Vocabulary vocabulary) {
        String readable = ReadableToken.of(token, vocabulary.conventions());
        return "'" + readable + "'" + (readable.equals(token) ? "" : " (raw '" + token + "')");
    }

    /** "30522 tokens", or for a vocabulary with gaps "50265 ids, 3 without a token (50261, 50262, 50263)". */
    private static String size(List<String> tokensById) {
        List<Integer> missing = new ArrayList<>();
        for (int id = 0; id < tokensById.size(); id++) {
            if (tokensById.get(id) == null) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return tokensById.size() + " tokens";
        }
        String first = missing.stream().limit(5).map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        return tokensById.size() + " ids, " + missing.size() + " without a token (" + first
                + (missing.size() > 5 ? ", …" : "") + ")";
    }

    private static void printCoverage(PrintWriter out, String name, TokenizerCoverage coverage) {
        out.printf("%s on corpus: %d tokens for %d words, fertility %.3f, %.1f tokens per 1000 characters, "
                        + "%.2f bytes per token, unknown %.3f %%%n", name, coverage.tokens(), coverage.words(),
                coverage.fertility(), coverage.tokensPerThousandCharacters(), coverage.bytesPerToken(),
                100 * coverage.unknownRate());
    }

    /** One line per copied row, then one per false friend not copied (reference columns say what it would copy). */
    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("target_id,target_token,reference_id,reference_token,match,"
                + "target_readable,reference_readable\n");
        for (TokenPair pair : overlap.pairs()) {
            csvLine(csv, pair.targetId(), pair.targetToken(), pair.referenceId(), pair.referenceToken(),
                    pair.kind().name().toLowerCase(Locale.ROOT));
        }
        for (FalseFriend friend : overlap.falseFriends()) {
            csvLine(csv, friend.targetId(), friend.token(), friend.referenceId(), friend.token(), "false_friend");
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    private void csvLine(StringBuilder csv, int targetId, String targetToken, int referenceId,
                         String referenceToken, String match) {
        csv.append(targetId).append(',').append(quote(targetToken)).append(',').append(referenceId).append(',')
                .append(quote(referenceToken)).append(',').append(match).append(',')
                .append(quote(ReadableToken.of(targetToken, target.conventions()))).append(',')
                .append(quote(ReadableToken.of(referenceToken, reference.conventions()))).append('\n');
    }

    private static String quote(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tokenizers", tokenizers.stream().map(Path::toString).toList());
        json.put("options", overlap.options());
        json.put("shared", overlap.shared());
        json.put("onlyA", overlap.onlyTarget());
        json.put("onlyB", overlap.onlyReference());
        json.put("idsWithoutTokenA", overlap.targetIdsWithoutToken());
        json.put("idsWithoutTokenB", overlap.referenceIdsWithoutToken());
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (MatchKind kind : MatchKind.values()) {
            kinds.put(kind.name().toLowerCase(Locale.ROOT), overlap.count(kind));
        }
        json.put("matchKinds", kinds);
        json.put("exactStringMatches", overlap.exactStringMatches());
        json.put("sharedBothWays", sharedBothWays);
        json.put("numbers", Map.of("a", numbersA, "b", numbersB, "differ", numbersA.differsFrom(numbersB)));
        json.put("falseFriends", overlap.falseFriends().size());
        json.put("falseFriendWarning", overlap.falseFriendWarning());
        json.put("falseFriendExamples", overlap.falseFriendExamples(100).stream().map(FalseFriend::token).toList());
        json.put("breakdown", breakdown);
        if (coverage != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("a", coverageJson(coverage.target()));
            c.put("b", coverageJson(coverage.reference()));
            c.put("copiedShare", coverage.copiedShare());
            c.put("falseFriendShare", coverage.falseFriendShare());
            c.put("mostFrequentRandom", coverage.mostFrequentRandom());
            json.put("coverage", c);
        }
        if (!intersections.isEmpty()) {
            json.put("intersections", intersections);
        }
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        AtomicFiles.writeString(file, text + "\n");
    }

    private static Map<String, Object> coverageJson(TokenizerCoverage coverage) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("words", coverage.words());
        c.put("characters", coverage.characters());
        c.put("bytes", coverage.bytes());
        c.put("tokens", coverage.tokens());
        c.put("unknown", coverage.unknown());
        c.put("fertility", coverage.fertility());
        c.put("tokensPerThousandCharacters", coverage.tokensPerThousandCharacters());
        c.put("bytesPerToken", coverage.bytesPerToken());
        c.put("unknownRate", coverage.unknownRate());
        return c;
    }
}
