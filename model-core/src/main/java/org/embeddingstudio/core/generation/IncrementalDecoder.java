package org.embeddingstudio.core.generation;

import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * The text of a continuation as it grows, one token at a time: the whole sequence decoded, minus the prompt's own
 * decoding (so a SentencePiece word start keeps its space), handed out up to the last whole character (a byte token
 * may hold half of one; its bytes come out with the token that completes the character).
 */
public final class IncrementalDecoder {
    private final Tokenizer tokenizer;
    private final int promptLength;
    private final String promptText;
    private long[] ids;
    private int handedOut;

    public IncrementalDecoder(Tokenizer tokenizer, long[] promptIds) {
        this.tokenizer = tokenizer;
        this.promptLength = promptIds.length;
        this.promptText = tokenizer.decode(promptIds, true);
        this.ids = promptIds.clone();
    }

    /** Adds a token; returns the text it completes (empty while a character is incomplete, or for a special token). */
    public String add(long id) {
        ids = Arrays.copyOf(ids, ids.length + 1);
        ids[ids.length - 1] = id;
        String continuation = continuation();
        int whole = continuation.length();
        while (whole > handedOut && continuation.charAt(whole - 1) == '\uFFFD') {
            whole--; // bytes of a character whose other bytes have not come yet
        }
        if (whole <= handedOut) {
            return "";
        }
        String piece = continuation.substring(handedOut, whole);
        handedOut = whole;
        return piece;
    }

    /** What is left when the sequence ends: the replacement characters of bytes that never made a character. */
    public String rest() {
        return ids.length == promptLength ? "" : continuation().substring(handedOut);
    }

    private String continuation() {
        String text = tokenizer.decode(ids, true);
        return text.startsWith(promptText) ? text.substring(promptText.length()) : text;
    }
}
