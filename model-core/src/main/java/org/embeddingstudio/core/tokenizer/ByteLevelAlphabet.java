package org.embeddingstudio.core.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * GPT-2's byte-level alphabet ({@code bytes_to_unicode} in OpenAI's encoder.py, used by every byte-level BPE): each
 * byte is written as one printable character, so {@code "Ġcaf\u00c3\u00a9"} is the bytes of {@code " café"}.
 * Printable Latin-1 bytes stand for themselves; the others (controls, space, 127..160, 173) take 256, 257, … in
 * byte order.
 */
public final class ByteLevelAlphabet {
    private static final int[] BYTE_OF_CHAR = new int[512];
    private static final char[] CHAR_OF_BYTE = new char[256];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            int c = printable ? b : next++;
            BYTE_OF_CHAR[c] = b;
            CHAR_OF_BYTE[b] = (char) c;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The bytes a token of the alphabet stands for, or empty when a character of it is not in the alphabet. */
    public static Optional<byte[]> bytes(String token) {
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b < 0) {
                return Optional.empty();
            }
            bytes[i] = (byte) b;
        }
        return Optional.of(bytes);
    }

    /** The character that stands for the byte {@code b} (0 to 255, or a signed Java byte). */
    public static char symbol(int b) {
        return CHAR_OF_BYTE[b & 0xFF];
    }

    /** {@code text}'s UTF-8 bytes written in the alphabet: {@code " café"} becomes {@code "Ġcaf\u00c3\u00a9"}. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] symbols = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(symbols);
    }

    /**
     * The text a byte-level token spells, or empty when it is not in the alphabet or its bytes are not whole UTF-8
     * characters (a piece of a multi-byte character has no text of its own).
     */
    public static Optional<String> decode(String token) {
        byte[] bytes = bytes(token).orElse(null);
        if (bytes == null) {
            return Optional.empty();
        }
        boolean printableAscii = true;
        for (byte b : bytes) {
            printableAscii &= b >= '!' && b <= '~';
        }
        if (printableAscii) {
            return Optional.of(token); // most of a vocabulary, and they spell themselves: no decoder needed
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
