package org.embeddingstudio.core.interop;

import org.embeddingstudio.core.overlap.NumberSplitting;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tokenizers decoder models ship — Llama 3's byte-level BPE with {@code ignore_merges} and special tokens, Llama
 * 2's SentencePiece-style BPE with byte fallback — made by the tokenizers library and saved by transformers, load here
 * with transformers' vocabulary and ids, for text the tokenizer was trained on and text it must fall back to bytes for.
 */
@Tag("python-interop")
class DecoderTokenizersInteropTest {
    static final List<String> SENTENCES = List.of("The quick brown fox jumps over the lazy dog.",
            "Der Hund schläft über 12345 Nächte; 3.14159!", "東京 🤗 they're here\tand there",
            "<|begin_of_text|>Hello<|eot_id|>", "  leading spaces and trailing  ");

    @TempDir
    static Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "llama2"})
    void decoderTokenizersEncodeAsInTransformers(String kind) throws Exception {
        SameAsTransformers.assertTokenizer(made(kind), SENTENCES, temp);
    }

    @Test
    void byteFallbackAndByteLevelTokensReadAsTheTextTheyStandFor() throws Exception {
        try (Tokenizer llama2 = TokenizerLoader.load(made("llama2"));
             Tokenizer llama3 = TokenizerLoader.load(made("llama3"))) {
            assertEquals("⟨e6⟩", ReadableToken.of("<0xE6>", llama2.vocabulary().conventions()));
            assertEquals("␣Hund", ReadableToken.of("▁Hund", llama2.vocabulary().conventions()));
            assertEquals("␣über", ReadableToken.of("ĠÃ¼ber", llama3.vocabulary().conventions()));
        }
    }

    @Test
    void theChatTemplateIsKeptWhenTheTokenizerIsSavedAgain() throws Exception {
        Path folder = made("llama3");
        String template = Files.readString(folder.resolve("chat_template.jinja"));
        try (Tokenizer llama3 = TokenizerLoader.load(folder)) {
            assertEquals(template, llama3.chatTemplate().orElseThrow());
            Path saved = temp.resolve("llama3-with-template");
            llama3.saveTo(saved);
            assertEquals(template, Files.readString(saved.resolve("chat_template.jinja")));
        }
    }

    @Test
    void numbersAreSplitInGroupsOfThreeByLlama3sPatternAndByLearnedMergesOtherwise() throws Exception {
        try (Tokenizer llama3 = TokenizerLoader.load(made("llama3"));
             Tokenizer llama2 = TokenizerLoader.load(made("llama2"))) {
            NumberSplitting groups = NumberSplitting.of(llama3);
            assertEquals(List.of("314", "159", "265", "35"), groups.pieces());
            assertEquals(NumberSplitting.UP_TO_THREE, groups.style(), groups.describe());
            NumberSplitting learned = NumberSplitting.of(llama2);
            assertTrue(learned.differsFrom(groups), learned.describe());
            assertEquals("31415926535", String.join("", learned.pieces()), "every digit in some piece");
        }
    }

    static Path made(String kind) throws Exception {
        Path out = temp.resolve("tokenizer-" + kind);
        if (!out.resolve("tokenizer.json").toFile().isFile()) {
            RealLibraries.decoders("tokenizer", kind, out);
        }
        return out;
    }
}
