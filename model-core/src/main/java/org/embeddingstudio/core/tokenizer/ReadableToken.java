package org.embeddingstudio.core.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token as people read it: byte-level BPE's alphabet ({@code Ã¼r}, {@code Ġthe}) and SentencePiece's byte
 * fallback ({@code <0xE3>}) decoded to text ({@code ür}, {@code ␣the}), a leading or inner space shown as
 * {@value #SPACE}, line breaks and tabs as {@code ↵} and {@code ⇥}, and bytes that are no whole UTF-8 character (a
 * piece of a multi-byte one) as their hex values, {@code ⟨e3 81⟩}. WordPiece tokens and tokens outside the alphabet
 * (special tokens) are shown as they are. Views show this and keep the raw token in a tooltip or a column of its own.
 */
public final class ReadableToken {
    /** Stands for a space, as editors show one. */
    public static final String SPACE = "␣";
    private static final Pattern BYTE_FALLBACK = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

    private ReadableToken() {
    }

    /** {@code token} of a vocabulary spelled by {@code conventions}, readable; {@code null} stays {@code null}. */
    public static String of(String token, SubwordConventions conventions) {
        if (token == null) {
            return null;
        }
        if (conventions.byteLevel()) {
            return ByteLevelAlphabet.bytes(token).map(ReadableToken::text).orElse(token);
        }
        Matcher fallback = BYTE_FALLBACK.matcher(token);
        if (fallback.matches()) {
            return text(HexFormat.of().parseHex(fallback.group(1)));
        }
        String marker = conventions.wordStartMarker();
        return marker.isEmpty() ? token : token.replace(marker, SPACE);
    }

    /** The bytes as text: whole UTF-8 characters decoded, every run of other bytes as hex in ⟨⟩. */
    static String text(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder shown = new StringBuilder();
        StringBuilder undecodable = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int length = sequenceLength(bytes[i]);
            String character = null;
            if (length > 0 && i + length <= bytes.length) {
                try {
                    character = decoder.decode(ByteBuffer.wrap(bytes, i, length)).toString();
                } catch (CharacterCodingException e) {
                    character = null; // a malformed sequence: shown as its bytes below
                }
            }
            if (character == null) {
                undecodable.append(undecodable.isEmpty() ? "" : " ").append(HexFormat.of().toHexDigits(bytes[i]));
                i++;
                continue;
            }
            flush(undecodable, shown);
            shown.append(visible(character));
            i += length;
        }
        flush(undecodable, shown);
        return shown.toString();
    }

    /** Bytes in the UTF-8 sequence this byte starts, or 0 when it cannot start one. */
    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            return 2;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            return 3;
        }
        return b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    }

    private static void flush(StringBuilder undecodable, StringBuilder shown) {
        if (!undecodable.isEmpty()) {
            shown.append('⟨').append(undecodable).append('⟩');
            undecodable.setLength(0);
        }
    }

    /**
     * Text a token adds, with its spaces, line breaks, tabs and control characters shown as {@link #of} shows them:
     * a chip of only whitespace would otherwise be an empty box.
     */
    public static String visibleWhitespace(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> shown.append(visible(Character.toString(c))));
        return shown.toString();
    }

    private static String visible(String character) {
        int c = character.codePointAt(0);
        return switch (c) {
            case ' ' -> SPACE;
            case '\n' -> "↵";
            case '\t' -> "⇥";
            default -> Character.isISOControl(c)
                    ? "⟨" + HexFormat.ofDelimiter(" ").formatHex(character.getBytes(StandardCharsets.UTF_8)) + "⟩"
                    : character;
        };
    }
}
