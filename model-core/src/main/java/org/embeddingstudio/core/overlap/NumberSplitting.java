package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a tokenizer splits numbers: every digit alone (Llama 2, Mistral, Gemma), in groups of up to three (Llama 3,
 * Qwen2 after their pre-tokenizers), or by whatever merges training learned (GPT-2, BERT: "2026" one token, "2027"
 * two). Two tokenizers that split numbers differently are the known failure of zero-shot tokenizer transfer on
 * arithmetic, so the overlap names it.
 *
 * @param probe          the number encoded
 * @param pieces         the probe's tokens as people read them
 * @param style          {@link #SINGLE_DIGITS}, {@link #UP_TO_THREE} or {@link #LEARNED}
 * @param digitTokens    how many vocabulary tokens are digits only, by their digit count (index 0: one digit)
 */
public record NumberSplitting(String probe, List<String> pieces, String style, int[] digitTokens) {
    public static final String SINGLE_DIGITS = "single digits";
    public static final String UP_TO_THREE = "groups of up to 3 digits";
    public static final String LEARNED = "learned merges";
    /** Long enough that no vocabulary holds it whole, with no repeated digit a merge could favour. */
    static final String PROBE = "31415926535";

    /** Encodes the probe (after a space, as inside text) and counts the vocabulary's digit-only tokens. */
    public static NumberSplitting of(Tokenizer tokenizer) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        String[] tokens = tokenizer.encode("x " + PROBE, EncodeOptions.defaults().withSpecialTokens(false)).tokens();
        List<String> pieces = new ArrayList<>();
        List<Integer> digitRuns = new ArrayList<>();
        for (String token : tokens) {
            String text = ReadableToken.of(token, vocabulary.conventions()).replace(ReadableToken.SPACE, "")
                    .replace("##", "");
            int digits = (int) text.chars().filter(Character::isDigit).count();
            if (digits > 0) {
                pieces.add(text);
                digitRuns.add(digits);
            }
        }
        int longest = digitRuns.stream().mapToInt(Integer::intValue).max().orElse(0);
        boolean regular = digitRuns.size() > 1 && digitRuns.subList(0, digitRuns.size() - 1).stream()
                .allMatch(run -> run == longest);
        int[] digitTokens = digitTokens(vocabulary);
        // Regular groups alone could be chance (GPT-2 learned many 3-digit tokens, and 4-digit years too): a
        // grouping pre-tokenizer also leaves no longer digit-only token in the vocabulary.
        String style = longest == 1 ? SINGLE_DIGITS
                : longest <= 3 && regular && digitTokens.length <= 3 ? UP_TO_THREE : LEARNED;
        return new NumberSplitting(PROBE, List.copyOf(pieces), style, digitTokens);
    }

    private static int[] digitTokens(Vocabulary vocabulary) {
        int[] counts = new int[0];
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            if (token == null) {
                continue;
            }
            String text = ReadableToken.of(token, vocabulary.conventions()).replace(ReadableToken.SPACE, "")
                    .replace("##", "");
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                if (counts.length < text.length()) {
                    counts = Arrays.copyOf(counts, text.length());
                }
                counts[text.length() - 1]++;
            }
        }
        return counts;
    }

    /** "31415926535 → 314|159|265|35 (groups of up to 3 digits); digit-only tokens: 10 × 1, 100 × 2, 1000 × 3". */
    public String describe() {
        StringBuilder counts = new StringBuilder();
        for (int length = 1; length <= digitTokens.length; length++) {
            if (digitTokens[length - 1] > 0) {
                counts.append(counts.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%d × %d",
                        digitTokens[length - 1], length));
            }
        }
        return probe + " → " + String.join("|", pieces) + " (" + style + "); digit-only tokens: "
                + (counts.isEmpty() ? "none" : counts + " digits");
    }

    /** Whether numbers reach the model in different pieces under the two tokenizers. */
    public boolean differsFrom(NumberSplitting other) {
        return !pieces.equals(other.pieces);
    }
}
