package org.embeddingstudio.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.embeddingstudio.core.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real tokenizers from the shared fixtures folder; skipped when it is absent. */
class FixtureTokenizersTest {
    @Test
    void bertVocabTxtEncodesWikipediaExactlyAsItsTokenizerJson() throws IOException {
        List<String> sentences;
        try (var lines = Files.lines(Fixtures.path("corpora/leipzig_eng_wikipedia_2016_10K-sentences.txt"),
                StandardCharsets.UTF_8)) {
            sentences = lines.limit(200).map(line -> line.substring(line.indexOf('\t') + 1)).toList();
        }
        try (Tokenizer fromVocab = TokenizerLoader.load(Fixtures.path("bert-base-uncased/vocab.txt"));
             Tokenizer fromJson = TokenizerLoader.load(Fixtures.path("bert-base-uncased/tokenizer.json"))) {
            for (String sentence : sentences) {
                assertEquals(fromJson.encode(sentence), fromVocab.encode(sentence), sentence);
            }
            List<String> batch = sentences.subList(0, 20);
            assertEquals(fromJson.encodeBatch(batch), fromVocab.encodeBatch(batch));
        }
    }

    @Test
    void vocabularySizesMatchHuggingFaceLen() throws IOException {
        assertEquals(30522, size("bert-base-uncased/vocab.txt"));
        assertEquals(30522, size("bert-base-uncased/tokenizer.json"));
        assertEquals(32100, size("t5-sentencepiece/tokenizer.json"));
        assertEquals(10000, size("sibert"));
        // vocab.json has 49 408 pieces; its config names pad_token "[PAD]", which the pieces lack, so Hugging Face
        // appends it as id 49 408.
        assertEquals(49409, size("clip-bpe/vocab.json"));
        // tokenizer.json additionally carries "[PAD]" and 47 relation tokens (<|Antonym|>, …) as added tokens.
        assertEquals(49456, size("clip-bpe/tokenizer.json"));
    }

    @Test
    void clipVocabJsonHasTheModelPiecesOfItsTokenizerJson() throws IOException {
        try (Tokenizer fromVocab = TokenizerLoader.load(Fixtures.path("clip-bpe/vocab.json"));
             Tokenizer fromJson = TokenizerLoader.load(Fixtures.path("clip-bpe/tokenizer.json"))) {
            assertEquals(49408, fromVocab.vocabulary().modelSize());
            assertEquals(fromJson.vocabulary().tokens().subList(0, 49408),
                    fromVocab.vocabulary().tokens().subList(0, 49408));
            assertEquals("</w>", fromVocab.vocabulary().conventions().endOfWordSuffix());
            assertTrue(fromVocab.vocabulary().conventions().byteLevel());
            String text = "a photo of a cat sitting on the mat";
            assertEquals(fromJson.encode(text), fromVocab.encode(text));
        }
    }

    @Test
    void bertBaseUncasedAndSibertShare1499TokenStrings() throws IOException {
        Set<String> shared;
        try (Tokenizer bert = TokenizerLoader.load(Fixtures.path("bert-base-uncased"));
             Tokenizer sibert = TokenizerLoader.load(Fixtures.path("sibert"))) {
            shared = new HashSet<>(bert.vocabulary().asMap().keySet());
            shared.retainAll(sibert.vocabulary().asMap().keySet());
        }
        assertEquals(1499, shared.size());
    }

    @Test
    void t5UnigramKnowsItsSentencePieceConventions() throws IOException {
        try (Tokenizer t5 = TokenizerLoader.load(Fixtures.path("t5-sentencepiece"))) {
            Vocabulary vocabulary = t5.vocabulary();
            assertEquals(TokenizerKind.UNIGRAM, vocabulary.kind());
            assertEquals("▁", vocabulary.conventions().wordStartMarker());
            assertEquals("<pad>", vocabulary.specialToken(SpecialTokenRole.PAD));
            assertEquals(0, t5.padTokenId().orElseThrow());
            assertTrue(vocabulary.isSpecial("<extra_id_0>"));
            String[] tokens = t5.encode("Hello world").tokens();
            assertEquals("</s>", tokens[tokens.length - 1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-base-uncased/tokenizer.json", "clip-bpe/tokenizer.json",
            "t5-sentencepiece/tokenizer.json", "sibert/vocab.txt", "clip-bpe/vocab.json"})
    void savedFixtureReloadsInDjlWithIdenticalEncodings(String relative, @TempDir Path saved) throws IOException {
        List<String> sentences = new ArrayList<>(
                firstSentences("corpora/leipzig_deu_wikipedia_2021_10K-sentences.txt", 30));
        sentences.addAll(firstSentences("corpora/sri_lanka_constitution_si.txt", 30));
        try (Tokenizer tokenizer = TokenizerLoader.load(Fixtures.path(relative))) {
            tokenizer.saveTo(saved);
            try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(saved.resolve("tokenizer.json"),
                    Map.of("padding", "false", "truncation", "false"))) {
                for (String sentence : sentences) {
                    assertArrayEquals(djl.encode(sentence).getIds(), tokenizer.encode(sentence).ids(), sentence);
                }
            }
            try (Tokenizer reloaded = TokenizerLoader.load(saved)) {
                assertEquals(tokenizer.vocabulary().asMap(), reloaded.vocabulary().asMap());
            }
        }
    }

    private static List<String> firstSentences(String relative, int count) throws IOException {
        try (var lines = Files.lines(Fixtures.path(relative), StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).limit(count)
                    .map(line -> line.substring(line.indexOf('\t') + 1)).toList();
        }
    }

    private static int size(String relative) throws IOException {
        Path path = Fixtures.path(relative);
        try (Tokenizer tokenizer = TokenizerLoader.load(path)) {
            return tokenizer.vocabulary().size();
        }
    }
}
