package org.embeddingstudio.core.overlap;

import org.embeddingstudio.core.tokenizer.ByteLevelAlphabet;
import org.embeddingstudio.core.tokenizer.SubwordConventions;
import org.embeddingstudio.core.tokenizer.TokenizerKind;
import org.embeddingstudio.core.tokenizer.Vocabulary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads the tokens of one vocabulary as {@link CanonicalPiece}s, by that vocabulary's {@link SubwordConventions}.
 * Stateless apart from its settings; thread-safe.
 */
public final class PieceReader {
    private static final Pattern BYTE_FALLBACK = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    static final char STRAY_BYTE_BASE = '\uF700';
    private final Vocabulary vocabulary;
    private final SubwordConventions conventions;
    private final boolean caseFolding;
    private final boolean unicodeNfkc;

    /** A reader for {@code vocabulary}; case folding and NFKC are applied as {@code options} say. */
    public PieceReader(Vocabulary vocabulary, MatchOptions options) {
        this.vocabulary = vocabulary;
        this.conventions = vocabulary.conventions();
        this.caseFolding = options.caseFolding();
        this.unicodeNfkc = options.unicodeNfkc();
    }

    /** The canonical piece of the token with id {@code id}, or {@code null} when the id has no token. */
    public CanonicalPiece read(int id) {
        String token = vocabulary.token(id);
        if (token == null) {
            return null;
        }
        if (vocabulary.isSpecial(token)) {
            return new CanonicalPiece(PiecePosition.SPECIAL, token);
        }
        return read(token);
    }

    /** The canonical piece of {@code token} as a non-special token of this vocabulary. */
    public CanonicalPiece read(String token) {
        String prefix = conventions.continuingSubwordPrefix();
        String suffix = conventions.endOfWordSuffix();
        String marker = conventions.wordStartMarker();
        PiecePosition position;
        String surface = token;
        if (conventions.kind() == TokenizerKind.WORDPIECE || !prefix.isEmpty()) {
            boolean continuing = !prefix.isEmpty() && token.startsWith(prefix) && token.length() > prefix.length();
            position = continuing ? PiecePosition.INSIDE_WORD : PiecePosition.WORD_START;
            surface = continuing ? token.substring(prefix.length()) : token;
        } else if (!suffix.isEmpty()) {
            boolean wordEnd = token.endsWith(suffix) && token.length() > suffix.length();
            position = wordEnd ? PiecePosition.WORD_START : PiecePosition.INSIDE_WORD;
            surface = wordEnd ? token.substring(0, token.length() - suffix.length()) : token;
        } else if (conventions.byteLevel()) {
            surface = ByteLevelAlphabet.bytes(token).map(PieceReader::byteString).orElse(token);
            boolean start = surface.length() > 1 && surface.charAt(0) == ' ';
            position = start ? PiecePosition.WORD_START : PiecePosition.INSIDE_WORD;
            surface = start ? surface.substring(1) : surface;
        } else if (BYTE_FALLBACK.matcher(token).matches()) {
            // SentencePiece's byte fallback: the byte it stands for, as byte-level BPE's byte tokens read.
            position = PiecePosition.INSIDE_WORD;
            surface = byteString(new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)});
        } else if (!marker.isEmpty()) {
            boolean start = token.startsWith(marker) && token.length() > marker.length();
            position = start ? PiecePosition.WORD_START : PiecePosition.INSIDE_WORD;
            surface = start ? token.substring(marker.length()) : token;
        } else {
            position = PiecePosition.INSIDE_WORD;
        }
        if (conventions.byteLevel() && !suffix.isEmpty()) {
            surface = ByteLevelAlphabet.decode(surface).orElse(surface);
        }
        if (!surface.isEmpty() && surface.codePoints().allMatch(TokenClass::isPunctuationOrSymbol)) {
            // BERT's pre-tokenizer makes every punctuation run a word of its own while BPE and SentencePiece glue
            // it to the word before: for punctuation the position says how the text was split, not what it means.
            position = PiecePosition.WORD_START;
        }
        return new CanonicalPiece(position, fold(surface));
    }

    /**
     * Bytes as a string that two vocabularies spell alike exactly when the bytes are equal: valid UTF-8 decoded;
     * otherwise (a piece of a multi-byte character, as byte-level BPE and byte fallback hold) ASCII bytes as
     * themselves and every other byte as a private-use character of its own, U+F700 + byte.
     */
    static String byteString(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII); // most tokens: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder text = new StringBuilder(bytes.length);
            for (byte b : bytes) {
                text.append(b >= 0 ? (char) b : (char) (STRAY_BYTE_BASE + (b & 0xFF)));
            }
            return text.toString();
        }
    }

    /** The canonical pieces of every id, computed in parallel: vocabularies reach 250 000 tokens. */
    CanonicalPiece[] readAll() {
        return IntStream.range(0, vocabulary.size()).parallel().mapToObj(this::read).toArray(CanonicalPiece[]::new);
    }

    private String fold(String surface) {
        String text = surface;
        // ASCII is already NFKC; checking it would cost a third of the matching time on a 250 000-token vocabulary.
        if (unicodeNfkc && !isAscii(text) && !Normalizer.isNormalized(text, Normalizer.Form.NFKC)) {
            text = Normalizer.normalize(text, Normalizer.Form.NFKC);
        }
        return caseFolding ? text.toLowerCase(Locale.ROOT) : text;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
