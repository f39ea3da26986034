package org.embeddingstudio.core.interop;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/**
 * Tokenizer files with the quirks of real Hub files (ids without a token, a repeated vocab.txt line, added-token ids
 * the library does not use) load with the same vocabulary and ids as in transformers' AutoTokenizer, both the
 * original folder and the one we save.
 */
@Tag("python-interop")
class TokenizerQuirksInteropTest {
    private static final List<String> SENTENCES = List.of("a <mask> b", "b a c", "a b d c");

    @TempDir
    Path temp;

    @Test
    void vocabJsonWithIdsWithoutATokenLoadsAndSavesAsInTransformers() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("roberta"));
        Files.writeString(folder.resolve("vocab.json"), """
                {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "Ġa": 6, "Ġb": 7, "c": 10,
                 "<mask>": 12}""");
        Files.writeString(folder.resolve("merges.txt"), "#version: 0.2\n");
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"RobertaTokenizer\"}");
        assertSameAsTransformers(folder);
    }

    @Test
    void vocabTxtWithARepeatedLineLoadsAndSavesAsInTransformers() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("bert"));
        Files.writeString(folder.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nb\na\nc\nd\n");
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"BertTokenizer\"}");
        assertSameAsTransformers(folder);
    }

    @Test
    void addedTokensWhoseIdsTheLibraryDoesNotUseLoadAndSaveAsInTransformers() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("json"));
        Files.writeString(folder.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 1, "content": "<mask>", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true},
                   {"id": 9, "content": "b", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true}],
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100,
                           "vocab": {"[UNK]": 0, "a": 1, "b": 2, "c": 3, "d": 6}}}""");
        Files.writeString(folder.resolve("tokenizer_config.json"),
                "{\"tokenizer_class\": \"PreTrainedTokenizerFast\"}");
        assertSameAsTransformers(folder);
    }

    private void assertSameAsTransformers(Path folder) throws Exception {
        SameAsTransformers.assertTokenizer(folder, SENTENCES, temp);
    }
}
