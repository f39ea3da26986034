package org.embeddingstudio.core.tokenizer;

import java.util.Objects;

/**
 * How a vocabulary spells word pieces, which is what decides whether a token string from one vocabulary means the
 * same thing in another: {@code "##ing"} (WordPiece continuation), {@code "ing</w>"} (BPE word end),
 * {@code "Ġing"} (byte-level BPE, the space is mapped to {@code Ġ}) or {@code "▁ing"} (SentencePiece word start).
 *
 * @param kind                    the subword model
 * @param continuingSubwordPrefix prefix of pieces that continue a word ({@code "##"} for BERT), empty when none
 * @param endOfWordSuffix         suffix of pieces that end a word ({@code "</w>"} for CLIP), empty when none
 * @param byteLevel               whether text is first mapped to GPT-2's printable byte alphabet
 * @param wordStartMarker         the SentencePiece/Metaspace replacement for a space ({@code "▁"}), empty when none
 */
public record SubwordConventions(TokenizerKind kind, String continuingSubwordPrefix, String endOfWordSuffix,
                                 boolean byteLevel, String wordStartMarker) {
    public SubwordConventions {
        Objects.requireNonNull(kind, "kind");
        continuingSubwordPrefix = continuingSubwordPrefix == null ? "" : continuingSubwordPrefix;
        endOfWordSuffix = endOfWordSuffix == null ? "" : endOfWordSuffix;
        wordStartMarker = wordStartMarker == null ? "" : wordStartMarker;
    }
}
