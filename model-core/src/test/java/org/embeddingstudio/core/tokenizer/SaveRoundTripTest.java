package org.embeddingstudio.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaveRoundTripTest {
    private static final List<String> SENTENCES = List.of("hello world", "The cat sat on the mat.",
            "unaffable cats, hello!", "HELLO   World", "", "héllo wörld 🙂", "the [MASK] sat");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void savedVocabTxtTokenizerEncodesIdenticallyInDjlAndHasBertConfig() throws IOException {
        Path saved = folder.resolve("saved");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(folder.resolve("in")))) {
            tokenizer.saveTo(saved);
            assertEncodesLikeDjlFrom(saved, tokenizer);
        }
        JsonNode config = JSON.readTree(saved.resolve("tokenizer_config.json").toFile());
        assertEquals("BertTokenizerFast", config.get("tokenizer_class").asText());
        assertTrue(config.get("do_lower_case").asBoolean());
        assertTrue(config.has("model_max_length"));
        assertEquals("[CLS]", config.get("cls_token").asText());
        assertEquals("[PAD]", config.get("pad_token").asText());
        JsonNode map = JSON.readTree(saved.resolve("special_tokens_map.json").toFile());
        assertEquals(Set.of("cls_token", "sep_token", "pad_token", "unk_token", "mask_token"), fieldNames(map));
        assertEquals("[MASK]", map.get("mask_token").asText());
    }

    @Test
    void casedBertIsSavedWithDoLowerCaseFalseSoPythonDoesNotRebuildItsNormalizer() throws IOException {
        Path in = folder.resolve("in");
        SmallTokenizers.write(in, "tokenizer_config.json", "{\"do_lower_case\": false, \"model_max_length\": 128}");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBertVocab(in))) {
            tokenizer.saveTo(folder.resolve("saved"));
        }
        JsonNode config = JSON.readTree(folder.resolve("saved/tokenizer_config.json").toFile());
        assertFalse(config.get("do_lower_case").asBoolean());
        assertEquals(128, config.get("model_max_length").asInt());
    }

    @Test
    void savedByteLevelBpeEncodesIdenticallyAndIsARobertaTokenizer() throws IOException {
        Path saved = folder.resolve("saved");
        try (Tokenizer tokenizer = TokenizerLoader.load(SmallTokenizers.writeBpe(folder.resolve("in")))) {
            tokenizer.saveTo(saved);
            assertEncodesLikeDjlFrom(saved, tokenizer);
        }
        JsonNode config = JSON.readTree(saved.resolve("tokenizer_config.json").toFile());
        assertEquals("RobertaTokenizerFast", config.get("tokenizer_class").asText());
        assertFalse(config.get("add_prefix_space").asBoolean());
        assertEquals("<pad>", config.get("pad_token").asText());
        JsonNode map = JSON.readTree(saved.resolve("special_tokens_map.json").toFile());
        assertEquals(Set.of("bos_token", "eos_token", "sep_token", "cls_token", "unk_token", "pad_token",
                "mask_token"), fieldNames(map));
    }

    @Test
    void savedUnigramKeepsScoresDigitForDigitAndAddedTokens() throws IOException {
        Path saved = folder.resolve("saved");
        Path in = SmallTokenizers.write(folder.resolve("in"), "tokenizer.json", SmallTokenizers.UNIGRAM_JSON);
        try (Tokenizer tokenizer = TokenizerLoader.load(in)) {
            tokenizer.saveTo(saved);
            assertEncodesLikeDjlFrom(saved, tokenizer);
        }
        assertEquals(JSON.readTree(in.toFile()), JSON.readTree(saved.resolve("tokenizer.json").toFile()));
        String savedText = Files.readString(saved.resolve("tokenizer.json"));
        assertTrue(savedText.contains("-4.12345678901234567890"), "score digits changed");
        assertTrue(savedText.contains("[\"<pad>\",0.0]"), "0.0 became something else");
        JsonNode config = JSON.readTree(saved.resolve("tokenizer_config.json").toFile());
        assertEquals("PreTrainedTokenizerFast", config.get("tokenizer_class").asText());
        assertEquals("<extra_id_0>", config.get("added_tokens_decoder").get("9").get("content").asText());
        JsonNode map = JSON.readTree(saved.resolve("special_tokens_map.json").toFile());
        assertEquals("<extra_id_0>", map.get("additional_special_tokens").get(0).asText());
    }

    @Test
    void reloadingASavedTokenizerGivesTheSameVocabularyAndRoles() throws IOException {
        Path saved = folder.resolve("saved");
        try (Tokenizer original = TokenizerLoader.load(SmallTokenizers.writeBpe(folder.resolve("in")))) {
            original.saveTo(saved);
            try (Tokenizer reloaded = TokenizerLoader.load(saved)) {
                assertEquals(original.vocabulary().asMap(), reloaded.vocabulary().asMap());
                assertEquals(original.vocabulary().specialTokens(), reloaded.vocabulary().specialTokens());
                assertEquals(original.encodeBatch(SENTENCES), reloaded.encodeBatch(SENTENCES));
            }
        }
    }

    private static void assertEncodesLikeDjlFrom(Path saved, Tokenizer tokenizer) throws IOException {
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(saved.resolve("tokenizer.json"),
                Map.of("padding", "false", "truncation", "false"))) {
            for (String sentence : SENTENCES) {
                var expected = djl.encode(sentence);
                Encoding actual = tokenizer.encode(sentence);
                assertArrayEquals(expected.getIds(), actual.ids(), sentence);
                assertArrayEquals(expected.getTypeIds(), actual.typeIds(), sentence);
                assertArrayEquals(expected.getTokens(), actual.tokens(), sentence);
            }
            var expectedPair = djl.encode("hello world", "the cat");
            assertArrayEquals(expectedPair.getIds(), tokenizer.encode("hello world", "the cat").ids());
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
