package org.embeddingstudio.core.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words as Hugging Face's {@code ByteLevel} pre-tokenizer does with {@code use_regex: true}: GPT-2's
 * pattern (OpenAI's encoder.py) cuts the text, each piece is kept (the pattern leaves no gaps, but a gap would be
 * kept too, as the {@code Isolated} behaviour does), and every piece is written as its UTF-8 bytes in
 * {@link ByteLevelAlphabet}. With {@code add_prefix_space}, a text not starting with a space gets one first.
 *
 * <p>{@code \s} is Unicode white space here ({@link Pattern#UNICODE_CHARACTER_CLASS}), as in the Oniguruma engine the
 * Rust library runs the pattern with; Java's default {@code \s} would miss the no-break space and the ideographic
 * space, and the trainer would count words the finished tokenizer never sees.
 */
final class ByteLevelWordSplitter {
    static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    private static final Pattern PATTERN = Pattern.compile(GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    private final boolean addPrefixSpace;

    ByteLevelWordSplitter(boolean addPrefixSpace) {
        this.addPrefixSpace = addPrefixSpace;
    }

    /** The words of {@code text}, in the byte alphabet ({@code "Ġworld"}), in order. */
    List<String> words(String text) {
        List<String> words = new ArrayList<>();
        forEachWord(text, words::add);
        return words;
    }

    /** Hands each word of {@code text}, in the byte alphabet, to {@code sink}, without collecting them. */
    void forEachWord(String text, Consumer<String> sink) {
        String input = addPrefixSpace && !text.isEmpty() && !text.startsWith(" ") ? " " + text : text;
        Matcher matcher = PATTERN.matcher(input);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                sink.accept(ByteLevelAlphabet.encode(input.substring(end, matcher.start())));
            }
            sink.accept(ByteLevelAlphabet.encode(matcher.group()));
            end = matcher.end();
        }
        if (end < input.length()) {
            sink.accept(ByteLevelAlphabet.encode(input.substring(end)));
        }
    }
}
