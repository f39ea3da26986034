package org.embeddingstudio.core.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into words exactly as a BERT tokenizer.json does before WordPiece sees it: Hugging Face's
 * {@code BertNormalizer} (clean text, spaces around CJK ideographs, optional accent stripping and lower-casing) and
 * then {@code BertPreTokenizer} (split on whitespace, every punctuation character a word of its own). A trainer must
 * split the same way the finished tokenizer will, or it learns pieces the tokenizer never looks up.
 */
final class BertWordSplitter {
    private final boolean lowercase;
    private final boolean stripAccents;

    BertWordSplitter(boolean lowercase, boolean stripAccents) {
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
    }

    /** The words of {@code text}, in order. */
    List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String normalized = normalize(text);
        for (int i = 0; i < normalized.length(); ) {
            int c = normalized.codePointAt(i);
            i += Character.charCount(c);
            if (isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c) || isCjk(c)) {
                flush(word, words);
                words.add(Character.toString(c));
            } else {
                word.appendCodePoint(c);
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** BertNormalizer, in its order: clean text, (CJK handled while splitting), strip accents, lower-case. */
    String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            cleaned.appendCodePoint(isWhitespace(c) ? ' ' : c);
        });
        String result = cleaned.toString();
        if (stripAccents) {
            StringBuilder stripped = new StringBuilder(result.length());
            Normalizer.normalize(result, Normalizer.Form.NFD).codePoints()
                    .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                    .forEach(stripped::appendCodePoint);
            result = stripped.toString();
        }
        if (lowercase) {
            // Per character, as Rust's char::to_lowercase: no context-dependent final sigma.
            StringBuilder lower = new StringBuilder(result.length());
            result.codePoints().forEach(c -> lower.append(Character.toString(c).toLowerCase(Locale.ROOT)));
            result = lower.toString();
        }
        return result;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.isWhitespace(c)
                || Character.isSpaceChar(c);
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK ideograph blocks BertNormalizer pads with spaces ({@code handle_chinese_chars}). */
    private static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
