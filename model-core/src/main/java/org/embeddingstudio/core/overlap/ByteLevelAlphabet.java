package org.embeddingstudio.core.overlap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's printable byte alphabet ({@code bytes_to_unicode} in OpenAI's encoder.py): byte-level BPE vocabularies
 * spell every byte as one printable character, the space as {@code Ġ}. Decoding turns a token back into the text
 * it stands for, so that {@code Ġcafé}'s {@code Ã©} compares equal to a WordPiece {@code é}.
 */
final class ByteLevelAlphabet {
    /** Character → byte value, -1 for characters outside the alphabet. */
    private static final int[] BYTE_OF_CHAR = new int[512];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_OF_CHAR[printable ? b : 256 + extra++] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /**
     * The text a byte-level token stands for, or {@code token} itself when it is not in the byte alphabet or its
     * bytes are not whole UTF-8 characters (a piece of a multi-byte character has no text of its own).
     */
    static String decode(String token) {
        byte[] bytes = new byte[token.length()];
        boolean ascii = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b < 0) {
                return token;
            }
            bytes[i] = (byte) b;
            ascii &= b >= '!' && b <= '~';
        }
        if (ascii) {
            return token;
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            return token;
        }
    }
}
