package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.Deque;

/**
 * Checks the {@code Precompiled} normalizers of a tokenizer.json (SentencePiece's character map) before the native
 * library sees them. The Rust library turns a charsmap it cannot parse into a panic, not an error, and a panic in
 * native code aborts the whole JVM; a charsmap that parses but whose trie points outside itself panics later, on
 * the first text that reaches the bad node. So the blob is parsed here the way the Rust code parses it, and every
 * node the Rust lookup can reach is visited with every possible next byte.
 *
 * <p>Blob layout: a little-endian u32 byte size of the trie, the trie as little-endian u32 units (a darts-clone
 * double array), then the normalized strings as UTF-8, each ended by a NUL byte.
 */
final class PrecompiledCharsmapCheck {
    private PrecompiledCharsmapCheck() {
    }

    /** Checks every object of type Precompiled in {@code section} (a normalizer, possibly a Sequence of them). */
    static void check(Path file, JsonNode section) throws FileFormatException {
        if (section == null) {
            return;
        }
        if (section.isObject() && "Precompiled".equals(section.path("type").asText(null))) {
            checkOne(file, section);
        }
        for (JsonNode child : section) {
            if (child.isContainerNode()) {
                check(file, child);
            }
        }
    }

    private static void checkOne(Path file, JsonNode normalizer) throws FileFormatException {
        JsonNode encoded = normalizer.get("precompiled_charsmap");
        if (encoded == null || !encoded.isTextual()) {
            throw new FileFormatException(file, "the Precompiled normalizer needs its precompiled_charsmap as a"
                    + " base64 string");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(encoded.textValue());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "the precompiled_charsmap is not valid base64 ("
                    + e.getMessage() + ")");
        }
        // Decoders differ on missing padding and stray trailing bits; only the canonical form is safe with both.
        if (!Base64.getEncoder().encodeToString(blob).equals(encoded.textValue())) {
            throw new FileFormatException(file, "the precompiled_charsmap is not in canonical, padded base64");
        }
        if (blob.length < 4) {
            throw new FileFormatException(file, "the precompiled_charsmap is " + blob.length
                    + " bytes, too short for its trie size");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(buffer.getInt(0)) / 4 * 4;
        if (trieBytes > blob.length - 4L) {
            throw new FileFormatException(file, "the precompiled_charsmap claims a trie of " + trieBytes
                    + " bytes but holds only " + (blob.length - 4));
        }
        int units = (int) (trieBytes / 4);
        long[] trie = new long[units];
        for (int i = 0; i < units; i++) {
            trie[i] = Integer.toUnsignedLong(buffer.getInt(4 + 4 * i));
        }
        int normalizedStart = 4 + (int) trieBytes;
        byte[] normalized = Arrays.copyOfRange(blob, normalizedStart, blob.length);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(normalized));
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "the normalized strings of the precompiled_charsmap are not UTF-8");
        }
        checkTrie(file, trie, normalized);
    }

    /** Visits every node reachable from the root, as the Rust prefix search walks them, checking each index. */
    private static void checkTrie(Path file, long[] trie, byte[] normalized)
            throws FileFormatException {
        if (trie.length == 0) {
            throw new FileFormatException(file, "the precompiled_charsmap has an empty trie");
        }
        BitSet visited = new BitSet(trie.length);
        Deque<Integer> pending = new ArrayDeque<>();
        long root = offset(trie[0]);
        if (root >= trie.length) {
            throw new FileFormatException(file, brokenTrie(0));
        }
        pending.push((int) root);
        visited.set((int) root);
        while (!pending.isEmpty()) {
            int node = pending.pop();
            for (int c = 1; c < 256; c++) {
                int child = node ^ c;
                if (child >= trie.length) {
                    throw new FileFormatException(file, brokenTrie(node));
                }
                long unit = trie[child];
                if (label(unit) != c) {
                    continue;
                }
                long next = child ^ offset(unit);
                if (next >= trie.length) {
                    throw new FileFormatException(file, brokenTrie(child));
                }
                if (hasLeaf(unit)) {
                    long value = trie[(int) next] & 0x7FFF_FFFFL;
                    boolean startsAChar = value == normalized.length
                            || (value < normalized.length && (normalized[(int) value] & 0xC0) != 0x80);
                    if (!startsAChar) {
                        throw new FileFormatException(file, "the precompiled_charsmap maps a character to byte "
                                + value + " of its " + normalized.length + " bytes of normalized text, which is"
                                + " not the start of a character");
                    }
                }
                if (!visited.get((int) next)) {
                    visited.set((int) next);
                    pending.push((int) next);
                }
            }
        }
    }

    private static String brokenTrie(int unit) {
        return "the trie of the precompiled_charsmap points outside itself at unit " + unit;
    }

    private static boolean hasLeaf(long unit) {
        return ((unit >> 8) & 1) == 1;
    }

    private static long label(long unit) {
        return unit & ((1L << 31) | 0xFF);
    }

    private static long offset(long unit) {
        return (unit >> 10) << ((unit & (1L << 9)) >> 6);
    }
}
